import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StorageUnavailableError, storageFaultOf } from '../storage-fault';
import { applySchema, assertSchemaReadable, configureConnection } from './schema';
import { SqliteEventStore, type SqliteEventStoreSettings } from './sqlite-event-store';

export interface OpenSqliteEventStoreOptions extends SqliteEventStoreSettings {
  /** The database file; its folder is created if missing. `:memory:` for a throwaway store. */
  readonly path: string;
  /** How long an append waits for another process's write lock (default 5,000 ms). */
  readonly busyTimeoutMs?: number;
  /**
   * Opens an existing store for reading only: every append fails with SQLITE_READONLY, as on a
   * file system mounted read-only (which is also how a test plays one: root ignores file modes).
   */
  readonly readOnly?: boolean;
  /**
   * Caps the file at this many pages (SQLite's `max_page_count`, per connection): an append past
   * it fails with SQLITE_FULL, exactly as on a full disk. For tests (LEDGER_SQLITE_MAX_PAGE_COUNT);
   * a cap below the file's size stops it where it is.
   */
  readonly maxPageCount?: number;
}

/**
 * Opens (creating if needed) the SQLite event store at `options.path`. A file or folder that
 * cannot be created, opened or written throws a StorageUnavailableError naming the file.
 */
export function openSqliteEventStore(options: OpenSqliteEventStoreOptions): SqliteEventStore {
  const { path } = options;
  let db: Database.Database;
  try {
    if (path !== ':memory:' && options.readOnly !== true) {
      mkdirSync(dirname(resolve(path)), { recursive: true });
    }
    db = new Database(
      path,
      options.readOnly === true ? { readonly: true, fileMustExist: true } : {},
    );
  } catch (error) {
    throw cannotOpen(path, error);
  }
  try {
    configureConnection(db, options.busyTimeoutMs ?? 5000);
    if (options.readOnly === true) assertSchemaReadable(db);
    else applySchema(db);
    if (options.maxPageCount !== undefined) {
      db.pragma(`max_page_count = ${Math.trunc(options.maxPageCount)}`);
    }
  } catch (error) {
    db.close();
    throw cannotOpen(path, error);
  }
  return new SqliteEventStore(db, options);
}

/** A storage fault at open, said with the file it concerns; anything else as it is. */
function cannotOpen(path: string, error: unknown): unknown {
  const fault = storageFaultOf(error) ?? folderFaultOf(error);
  if (fault === undefined) return error;
  return new StorageUnavailableError(
    fault.kind,
    fault.storageCode,
    `Cannot open the event store ${resolve(path)}: ${fault.message}`,
    { cause: error },
  );
}

/** A folder that cannot be made: a file stands in its path, or no permission. */
function folderFaultOf(error: unknown): StorageUnavailableError | undefined {
  const code = (error as { readonly code?: unknown } | null)?.code;
  if (code !== 'ENOTDIR' && code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT') {
    return undefined;
  }
  const { message } = error as { readonly message?: unknown };
  const said = typeof message === 'string' ? message : code;
  return new StorageUnavailableError('CANT_OPEN', code, `Storage unavailable (${said})`, {
    cause: error,
  });
}
