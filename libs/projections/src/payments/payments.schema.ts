import type { ReadModelDatabase } from '../projection';

/**
 * The payments read model (R14–R16, DESIGN.md §6). It stores facts from the events (status, when
 * it completed and on which KST day, which items were viewed), never verdicts that depend on the
 * clock: whether a payment can be cancelled is computed when it is read (from `paymentStateOf`).
 * - `revision` is the payment stream's last applied revision: an event at or below it is ignored,
 *   so applying an event twice changes nothing, whatever the runner does.
 * - `requested_at_ms` orders the list: instants are stored as the events write them (ISO 8601 with
 *   offset), and such strings must not be compared as text (docs/adr/0002).
 * - `requested_on` (KST date) is what the 3-month window and pruning look at.
 * - `expires_at_ms` is `expires_at` as epoch milliseconds, for the same reason: the transfer-expiry
 *   sweep (R5) seeks REQUESTED transfers past their deadline on it, through a partial index that
 *   holds only the pending ones, so the due list stays small however long the table grows.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS payments (
  payment_id                        TEXT    PRIMARY KEY,
  revision                          INTEGER NOT NULL,
  payer_type                        TEXT    NOT NULL,
  payer_key                         TEXT    NOT NULL,
  member_id                         TEXT,
  verification_id                   TEXT,
  phone_key                         TEXT,
  password_hash                     TEXT,
  status                            TEXT    NOT NULL,
  method                            TEXT    NOT NULL,
  card_issuer                       TEXT,
  auth_scheme                       TEXT,
  bank_code                         TEXT,
  amount_krw                        INTEGER NOT NULL,
  requested_at                      TEXT    NOT NULL,
  requested_at_ms                   INTEGER NOT NULL,
  requested_on                      TEXT    NOT NULL,
  expires_at                        TEXT,
  expires_at_ms                     INTEGER,
  repayment_of                      TEXT,
  repayment_of_item_ids             TEXT,
  pg_transaction_id                 TEXT,
  approved_at                       TEXT,
  certificate_verified              INTEGER,
  completed_at                      TEXT,
  completed_on                      TEXT,
  failed_at                         TEXT,
  failure_reason                    TEXT,
  failure_code                      TEXT,
  failure_message                   TEXT,
  cancelled_at                      TEXT,
  pg_cancel_transaction_id          TEXT,
  cancellation_failure_count        INTEGER NOT NULL DEFAULT 0,
  last_cancellation_failure_code    TEXT,
  last_cancellation_failure_message TEXT,
  last_cancellation_failed_at       TEXT,
  late_approval_count               INTEGER NOT NULL DEFAULT 0,
  cancellation_id                   TEXT,
  cancellation_started_at           TEXT,
  failure_pg_transaction_id         TEXT,
  failure_approved_amount_krw       INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS payments_by_payer
  ON payments (payer_key, requested_at_ms DESC, payment_id DESC);
CREATE INDEX IF NOT EXISTS payments_by_phone
  ON payments (phone_key, requested_at_ms DESC, payment_id DESC) WHERE phone_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS payments_by_requested_on ON payments (requested_on);
CREATE INDEX IF NOT EXISTS payments_due_expiry
  ON payments (expires_at_ms) WHERE status = 'REQUESTED' AND expires_at_ms IS NOT NULL;
CREATE TABLE IF NOT EXISTS payment_items (
  payment_id          TEXT    NOT NULL,
  item_id             TEXT    NOT NULL,
  ordinal             INTEGER NOT NULL,
  court               TEXT    NOT NULL,
  case_number         TEXT    NOT NULL,
  fee_krw             INTEGER NOT NULL,
  viewed_at           TEXT,
  view_transferred_to TEXT,
  PRIMARY KEY (payment_id, item_id)
) STRICT, WITHOUT ROWID;
`;

export function migratePayments(db: ReadModelDatabase): void {
  db.exec(DDL);
}

export function dropPayments(db: ReadModelDatabase): void {
  db.exec('DROP TABLE IF EXISTS payment_items; DROP TABLE IF EXISTS payments;');
}
