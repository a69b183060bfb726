import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ReadModelDatabase } from './projection';

export interface OpenReadModelOptions {
  /**
   * Hold the file for this process alone until it closes it (SQLite's exclusive locking mode), so
   * two processes never feed one read-model file (each would apply every event to it). The OS
   * drops the lock when the process dies, so a crash leaves nothing to clean up.
   */
  readonly exclusive?: boolean;
}

/** Another process holds the read-model file. */
export class ReadModelFileInUseError extends Error {
  override readonly name = 'ReadModelFileInUseError';
}

/**
 * Opens (creating if needed) the read-model file. It is a cache of the log, not a record: WAL lets
 * the API read while the runner writes, and synchronous=NORMAL skips the fsync at each commit. A
 * crash of the process loses nothing; a power cut may lose the last commits, but each one holds
 * its rows and its checkpoint together, so the runner simply applies those events again
 * (docs/adr/0004).
 */
export function openReadModelDatabase(
  path: string,
  options: OpenReadModelOptions = {},
): ReadModelDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    if (options.exclusive === true && !db.memory) takeExclusiveLock(db);
    db.pragma('busy_timeout = 5000');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && !db.memory) {
      throw new Error(`SQLite refused WAL mode (got ${String(mode)}) for ${db.name}`);
    }
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The scratch file's page cache (a rebuild touches recent payments over and over): 64 MiB. */
const SCRATCH_CACHE_KIB = 64 * 1024;

/**
 * Opens a fresh file to build read models into (a rebuild's scratch file), set for speed: nothing
 * in it is worth a sync or an on-disk journal until it is whole, and whoever builds it throws it
 * away if the build stops. It is held exclusively, the rollback journal stays in memory (a failed
 * batch still rolls back), nothing is synced, the page cache is large and the sorts that build
 * the indexes at the end stay in memory. Renamed into place, it becomes an ordinary read-model
 * file at its next `openReadModelDatabase`, which sets WAL mode (see `rebuildReadModelFile`).
 */
export function openScratchReadModelDatabase(path: string): ReadModelDatabase {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = -${SCRATCH_CACHE_KIB}`);
    db.pragma('temp_store = MEMORY');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Takes the write lock now and keeps it (no waiting: a held file is a configuration error). */
function takeExclusiveLock(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if (isBusy(error)) {
      throw new ReadModelFileInUseError(
        `The read-model file ${db.name} is used by another process; give each process its own ` +
          'file (LEDGER_READ_MODEL_FILE)',
      );
    }
    throw error;
  }
}

/**
 * SQLite's "database is locked", told by its code alone: the native addon is loaded once per
 * process and makes its errors with the `SqliteError` class of the first copy of better-sqlite3
 * loaded, so `instanceof` (even `instanceof Error`) fails where modules and globals are loaded
 * more than once (Jest does so per test file).
 */
function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as { readonly code?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
