import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EsdbConnectionStringError,
  openEsdbEventStore,
  openSqliteEventStore,
  type EventStore,
} from '@lib/event-store';
import { CliError, EXIT, type CliIo } from './cli-io';

/** Where the CLI reads the ledger: the options every command shares. */
export interface SourceOptions {
  /** The data folder (default `$LEDGER_DATA_DIR`, else `./data`). */
  readonly dataDir?: string;
  /** An EventStoreDB connection string (default `$LEDGER_ESDB_URL` when `LEDGER_STORE=esdb`). */
  readonly esdb?: string;
}

export interface LedgerSource {
  readonly store: EventStore;
  readonly dataDir: string;
  /** Names the store for people: the file, or the EventStoreDB URL without credentials. */
  readonly label: string;
}

export function dataDirOf(options: SourceOptions, io: CliIo): string {
  return resolve(io.cwd, options.dataDir ?? io.env.LEDGER_DATA_DIR ?? 'data');
}

/**
 * Opens the store the service uses: EventStoreDB when a URL is given (or configured), else the
 * data folder's SQLite file, which must exist (opening a missing one would create an empty log
 * that "verifies").
 */
export async function openLedgerSource(options: SourceOptions, io: CliIo): Promise<LedgerSource> {
  const dataDir = dataDirOf(options, io);
  const esdb =
    options.esdb ?? (io.env.LEDGER_STORE === 'esdb' ? io.env.LEDGER_ESDB_URL : undefined);
  if (esdb !== undefined && esdb !== '') {
    try {
      const store = await openEsdbEventStore(esdb);
      return { store, dataDir, label: esdb.replace(/\/\/[^@/]*@/, '//') };
    } catch (error) {
      if (error instanceof EsdbConnectionStringError) throw new CliError(error.message, EXIT.usage);
      throw new CliError(`Cannot reach EventStoreDB at ${esdb}: ${(error as Error).message}`);
    }
  }
  const path = join(dataDir, 'events.sqlite');
  if (!existsSync(path)) {
    throw new CliError(`No event store at ${path} (use --data-dir or LEDGER_DATA_DIR)`, EXIT.usage);
  }
  // Read-only: an audit never writes, not even the schema version or a dropped trigger back.
  return { store: openSqliteEventStore({ path, readOnly: true }), dataDir, label: path };
}

/** Runs `work` with the source open, and closes it whatever happens. */
export async function withLedgerSource<T>(
  options: SourceOptions,
  io: CliIo,
  work: (source: LedgerSource) => Promise<T>,
): Promise<T> {
  const source = await openLedgerSource(options, io);
  try {
    return await work(source);
  } finally {
    await source.store.close();
  }
}
