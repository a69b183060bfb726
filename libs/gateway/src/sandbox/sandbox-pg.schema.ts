import type Database from 'better-sqlite3';

/**
 * The sandbox PG's own books, in its own SQLite file (LEDGER_SANDBOX_PG_FILE): it plays a system
 * outside the ledger, so its state survives the ledger's crash and every process of the ledger
 * sees the same PG. One row per cancellation key and per voided transaction; every call is logged.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS sandbox_cancellations (
  cancellation_id   TEXT PRIMARY KEY,
  pg_transaction_id TEXT NOT NULL,
  payment_id        TEXT NOT NULL,
  amount_krw        INTEGER NOT NULL,
  outcome           TEXT NOT NULL CHECK (outcome IN ('REFUNDED', 'REFUSED', 'FENCED')),
  pg_cancel_id      TEXT,
  pg_code           TEXT,
  pg_message        TEXT,
  recorded_at       TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sandbox_cancellations_by_transaction
  ON sandbox_cancellations (pg_transaction_id);
CREATE TABLE IF NOT EXISTS sandbox_voids (
  pg_transaction_id TEXT PRIMARY KEY,
  payment_id        TEXT NOT NULL,
  amount_krw        INTEGER NOT NULL,
  pg_void_id        TEXT NOT NULL,
  voided_at         TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sandbox_calls (
  seq               INTEGER PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('CANCEL', 'STATUS', 'VOID')),
  pg_transaction_id TEXT,
  reference         TEXT NOT NULL,
  answer            TEXT NOT NULL,
  called_at         TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sandbox_calls_by_transaction ON sandbox_calls (pg_transaction_id);
`;

export function openSandboxPgSchema(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  if (!db.memory) db.pragma('journal_mode = WAL');
  db.exec(DDL);
}
