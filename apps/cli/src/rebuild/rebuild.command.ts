import { openReadModelDatabase, ReadModelFileInUseError, ALL_PROJECTIONS } from '@lib/projections';
import { CliError, EXIT, count, printJson, type CliIo, type ExitCode } from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';
import { readModelFileOf, type ReadModelOptions } from './read-model-file';
import { rebuildInto } from './rebuild-into';

export interface RebuildOptions extends SourceOptions, ReadModelOptions {
  readonly json?: boolean;
}

/**
 * `ledger rebuild`: drops every read model of the file and rebuilds it from the log. The file is
 * held exclusively, as the service holds it, so a running service makes this stop with a clear
 * error instead of two writers feeding one file.
 */
export async function rebuildCommand(options: RebuildOptions, io: CliIo): Promise<ExitCode> {
  return withLedgerSource(options, io, async (source) => {
    const file = readModelFileOf(options, source.dataDir, io);
    let db;
    try {
      db = openReadModelDatabase(file, { exclusive: true });
    } catch (error) {
      if (error instanceof ReadModelFileInUseError) {
        throw new CliError(`${file} is in use (stop the service that holds it first)`);
      }
      throw error;
    }
    try {
      const report = await rebuildInto(source.store, db, io, options.json === true);
      const names = ALL_PROJECTIONS.map((projection) => projection.name);
      if (options.json === true) printJson(io, { file, projections: names, ...report });
      else {
        io.stdout.write(
          `Rebuilt ${names.join(', ')} in ${file} from ${count(report.eventsDone)} events in ` +
            `${(report.elapsedMs / 1000).toFixed(2)} s: ${count(report.eventsPerSecond)} events/s\n`,
        );
      }
      return EXIT.ok;
    } finally {
      db.close();
    }
  });
}
