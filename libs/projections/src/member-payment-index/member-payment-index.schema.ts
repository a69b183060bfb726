import type { ReadModelDatabase } from '../projection';

/**
 * Which payments a member requested, and when the store recorded each request: what the auditors'
 * as-of list (`GET /v1/audit/members/{memberId}/payments?asOf=`) looks up before it folds each
 * payment from its own stream. Unlike the payments table it is never pruned: the list as it stood
 * months ago needs payments that have long left the live list. One small row per member payment;
 * no guest is indexed (R25: nothing of a guest is kept here).
 * - `requested_at_ms` orders the list as the live one does (the business instant of the request);
 * - `recorded_at_ms` is the store's recording time (`created`) of the PaymentRequested: a payment
 *   belongs to the list as of an instant exactly when its request was recorded by then.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS member_payment_index (
  member_id       TEXT    NOT NULL,
  requested_at_ms INTEGER NOT NULL,
  payment_id      TEXT    NOT NULL,
  recorded_at_ms  INTEGER NOT NULL,
  PRIMARY KEY (member_id, requested_at_ms, payment_id)
) STRICT, WITHOUT ROWID;
`;

export function migrateMemberPaymentIndex(db: ReadModelDatabase): void {
  db.exec(DDL);
}

export function dropMemberPaymentIndex(db: ReadModelDatabase): void {
  db.exec('DROP TABLE IF EXISTS member_payment_index;');
}
