import { preparedStatement } from '../per-connection';
import type { ReadModelDatabase } from '../projection';

/**
 * The R5 due list: ids of payments still REQUESTED whose deadline is at or before `nowMs` (the
 * deadline instant itself is expired), oldest deadline first. Only bank transfers have one. The
 * read model may lag the log: a listed payment may have completed meanwhile, so the caller sends
 * the domain's ExpirePayment, which changes nothing on a payment that is no longer REQUESTED.
 */
export function listDueTransfers(db: ReadModelDatabase, nowMs: number, limit: number): string[] {
  if (!Number.isSafeInteger(nowMs)) throw new RangeError(`nowMs must be an integer, not ${nowMs}`);
  const sql =
    "SELECT payment_id FROM payments WHERE status = 'REQUESTED'" +
    ' AND expires_at_ms IS NOT NULL AND expires_at_ms <= ?' +
    ' ORDER BY expires_at_ms, payment_id LIMIT ?';
  return preparedStatement(db)(sql).pluck().all(nowMs, limit) as string[];
}
