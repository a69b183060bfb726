import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { applySchema, configureConnection } from './schema';
import { SqliteEventStore, type SqliteEventStoreSettings } from './sqlite-event-store';

export interface OpenSqliteEventStoreOptions extends SqliteEventStoreSettings {
  /** The database file; its folder is created if missing. `:memory:` for a throwaway store. */
  readonly path: string;
  /** How long an append waits for another process's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating if needed) the SQLite event store at `options.path`. */
export function openSqliteEventStore(options: OpenSqliteEventStoreOptions): SqliteEventStore {
  if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
  const db = new Database(options.path);
  try {
    configureConnection(db, options.busyTimeoutMs ?? 5000);
    applySchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return new SqliteEventStore(db, options);
}
