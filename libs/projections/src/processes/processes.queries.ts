import type { AttentionSubject } from '@lib/ledger';
import { preparedStatement } from '../per-connection';
import type { ReadModelDatabase } from '../projection';

export interface DueCancellation {
  readonly paymentId: string;
  readonly cancellationId: string;
}

export interface DueVoid {
  readonly paymentId: string;
  readonly pgTransactionId: string;
}

/** R21: cancellations without an outcome that started at or before `startedBeforeMs`, oldest first. */
export function listDueCancellations(
  db: ReadModelDatabase,
  startedBeforeMs: number,
  limit: number,
): DueCancellation[] {
  return preparedStatement(db)(
    'SELECT payment_id AS paymentId, cancellation_id AS cancellationId FROM pending_cancellations' +
      ' WHERE started_at_ms <= ? ORDER BY started_at_ms, payment_id LIMIT ?',
  ).all(startedBeforeMs, limit) as DueCancellation[];
}

/** R22: voids not ended that started at or before `startedBeforeMs`, oldest first. */
export function listDueVoids(
  db: ReadModelDatabase,
  startedBeforeMs: number,
  limit: number,
): DueVoid[] {
  return preparedStatement(db)(
    'SELECT payment_id AS paymentId, pg_transaction_id AS pgTransactionId FROM pending_voids' +
      ' WHERE started_at_ms <= ? ORDER BY started_at_ms, payment_id, pg_transaction_id LIMIT ?',
  ).all(startedBeforeMs, limit) as DueVoid[];
}

/** R22: approvals refused before voids existed, whose void has not started. */
export function listApprovalsToVoid(db: ReadModelDatabase, limit: number): DueVoid[] {
  return preparedStatement(db)(
    'SELECT payment_id AS paymentId, pg_transaction_id AS pgTransactionId FROM approvals_to_void' +
      ' ORDER BY payment_id, pg_transaction_id LIMIT ?',
  ).all(limit) as DueVoid[];
}

export interface AttentionEntry {
  readonly paymentId: string;
  readonly subject: AttentionSubject;
  readonly reference: string;
  readonly reason: string;
  readonly pgCode: string | null;
  readonly pgMessage: string | null;
  readonly since: string;
}

/** What needs a person (R21, R22), oldest first. */
export function listAttention(db: ReadModelDatabase, limit: number): AttentionEntry[] {
  return preparedStatement(db)(
    'SELECT payment_id AS paymentId, subject, reference, reason, pg_code AS pgCode,' +
      ' pg_message AS pgMessage, since FROM attention' +
      ' ORDER BY since_ms, payment_id, subject, reference LIMIT ?',
  ).all(limit) as AttentionEntry[];
}
