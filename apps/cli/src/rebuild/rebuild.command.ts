import { ALL_PROJECTIONS, ReadModelFileInUseError } from '@lib/projections';
import { CliError, EXIT, count, printJson, type CliIo, type ExitCode } from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';
import { readModelFileOf, type ReadModelOptions } from './read-model-file';
import { rebuildFile } from './rebuild-into';

export interface RebuildOptions extends SourceOptions, ReadModelOptions {
  readonly json?: boolean;
}

/**
 * `ledger rebuild`: rebuilds every read model of the file from the log, into a scratch file beside
 * it that replaces it at the end; stopped early, it leaves the file as it was. The file is held
 * exclusively, as the service holds it, so a running service makes this stop with a clear error
 * instead of two writers feeding one file.
 */
export async function rebuildCommand(options: RebuildOptions, io: CliIo): Promise<ExitCode> {
  return withLedgerSource(options, io, async (source) => {
    const file = readModelFileOf(options, source.dataDir, io);
    let report;
    try {
      report = await rebuildFile(source.store, file, io, options.json === true);
    } catch (error) {
      if (error instanceof ReadModelFileInUseError) {
        throw new CliError(`${file} is in use (stop the service that holds it first)`);
      }
      throw error;
    }
    const names = ALL_PROJECTIONS.map((projection) => projection.name);
    if (options.json === true) printJson(io, { file, projections: names, ...report });
    else {
      io.stdout.write(
        `Rebuilt ${names.join(', ')} in ${file} from ${count(report.eventsDone)} events in ` +
          `${(report.elapsedMs / 1000).toFixed(2)} s: ${count(report.eventsPerSecond)} events/s\n`,
      );
    }
    return EXIT.ok;
  });
}
