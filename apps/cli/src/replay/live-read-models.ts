import Database from 'better-sqlite3';
import { CliError, EXIT } from '../cli-io';

/**
 * The live read-model file, read only. A running service holds it exclusively (SQLite's
 * exclusive locking mode), which this reports plainly instead of waiting.
 */
export function openReadOnlyReadModels(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 1_000 });
  } catch {
    throw new CliError(
      `No read-model file at ${file} (use --read-models or LEDGER_READ_MODEL_FILE)`,
      EXIT.usage,
    );
  }
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    db.close();
    throw new CliError(
      `${file} is held by a running service, which opens it exclusively: stop the service, ` +
        'or name a copy taken while it was stopped with --read-models',
    );
  }
  const tables = db
    .prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'projection_checkpoints'")
    .get() as { n: number };
  if (tables.n === 0) {
    db.close();
    throw new CliError(
      `${file} holds no read models (copied without its -wal file?): copy it with its -wal, or ` +
        'with sqlite3 ".backup"',
    );
  }
  return db;
}
