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
      `${file} is held by a running service: stop it, or copy the file and name the copy with --read-models`,
    );
  }
  return db;
}
