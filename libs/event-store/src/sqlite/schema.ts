import type Database from 'better-sqlite3';

/** Bumped by each migration; a file from a newer version of this code is refused. */
const SCHEMA_VERSION = 1;

/**
 * One table holds `$all` and every stream.
 * - `position` is the rowid: a single writer hands out max + 1 at insert, and rows are never
 *   deleted (the triggers), so positions only grow, a rolled-back append leaves no hole, and an
 *   event becomes visible only at its commit, after every lower position.
 * - UNIQUE(stream_id, revision) is the optimistic-concurrency backstop and the stream index.
 * - `created` is the store's recording time, ISO 8601 UTC.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position  INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL CHECK (revision >= 0),
  event_id  TEXT    NOT NULL UNIQUE,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  metadata  TEXT    NOT NULL,
  created   TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;
CREATE TRIGGER IF NOT EXISTS events_are_never_updated BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;

/**
 * Durable settings: WAL lets readers (and other processes) read while one writer writes, and
 * synchronous=FULL fsyncs the WAL at every commit, so an acknowledged append survives a power cut.
 */
export function configureConnection(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && !db.memory) {
    throw new Error(`SQLite refused WAL mode (got ${String(mode)}) for ${db.name}`);
  }
  db.pragma('synchronous = FULL');
  db.defaultSafeIntegers(true);
}

export function applySchema(db: Database.Database): void {
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`${db.name} has event schema ${version}; this code knows ${SCHEMA_VERSION}`);
    }
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** For a read-only connection: the file holds an event store this code can read. */
export function assertSchemaReadable(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version !== SCHEMA_VERSION) {
    throw new Error(`${db.name} has event schema ${version}; this code reads ${SCHEMA_VERSION}`);
  }
}
