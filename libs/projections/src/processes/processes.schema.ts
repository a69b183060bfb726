import type { ReadModelDatabase } from '../projection';

/**
 * What the reconcilers and the support desk look for (R21, R22): cancellations whose outcome is not
 * recorded, voids not ended, approvals refused before voids existed, and what needs a person.
 * Instants are also kept as epoch milliseconds, because ISO strings with offsets do not compare as
 * text. Nothing here is pruned: rows leave when their process ends.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS pending_cancellations (
  payment_id      TEXT    PRIMARY KEY,
  cancellation_id TEXT    NOT NULL,
  started_at_ms   INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS pending_cancellations_by_start
  ON pending_cancellations (started_at_ms, payment_id);
CREATE TABLE IF NOT EXISTS pending_voids (
  payment_id        TEXT    NOT NULL,
  pg_transaction_id TEXT    NOT NULL,
  started_at_ms     INTEGER NOT NULL,
  PRIMARY KEY (payment_id, pg_transaction_id)
) STRICT;
CREATE INDEX IF NOT EXISTS pending_voids_by_start ON pending_voids (started_at_ms, payment_id);
CREATE TABLE IF NOT EXISTS approvals_to_void (
  payment_id        TEXT NOT NULL,
  pg_transaction_id TEXT NOT NULL,
  PRIMARY KEY (payment_id, pg_transaction_id)
) STRICT;
CREATE TABLE IF NOT EXISTS attention (
  payment_id TEXT    NOT NULL,
  subject    TEXT    NOT NULL,
  reference  TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  pg_code    TEXT,
  pg_message TEXT,
  since      TEXT    NOT NULL,
  since_ms   INTEGER NOT NULL,
  PRIMARY KEY (payment_id, subject, reference)
) STRICT;
CREATE INDEX IF NOT EXISTS attention_by_since ON attention (since_ms, payment_id, subject, reference);
`;

export function migrateProcesses(db: ReadModelDatabase): void {
  db.exec(DDL);
}

export function dropProcesses(db: ReadModelDatabase): void {
  db.exec(
    'DROP TABLE IF EXISTS pending_cancellations; DROP TABLE IF EXISTS pending_voids;' +
      ' DROP TABLE IF EXISTS approvals_to_void; DROP TABLE IF EXISTS attention;',
  );
}
