import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ReadModelDatabase } from './projection';

/**
 * Opens (creating if needed) the read-model file. It is a cache of the log, not a record: WAL lets
 * the API read while the runner writes, and synchronous=NORMAL skips the fsync at each commit. A
 * crash of the process loses nothing; a power cut may lose the last commits, but each one holds
 * its rows and its checkpoint together, so the runner simply applies those events again
 * (docs/adr/0004).
 */
export function openReadModelDatabase(path: string): ReadModelDatabase {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
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
