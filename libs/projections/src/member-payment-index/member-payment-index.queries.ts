import { preparedStatement } from '../per-connection';
import type { ReadModelDatabase } from '../projection';
import { afterCursorTerm, keysetPage, type ListRow } from '../payments/list-cursor';
import { startOfBusinessDayMs } from '../payments/list-window';
import { assertPageSize, type ListPageQuery } from '../payments/payment-queries';

export interface MemberPaymentIdsQuery extends ListPageQuery {
  readonly memberId: string;
  /** Only payments whose request the store had recorded by then (epoch milliseconds). */
  readonly recordedByMs: number;
}

export interface MemberPaymentIdsPage {
  /** Newest first, in the live list's order (requested instant, then payment id). */
  readonly paymentIds: readonly string[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * The ids of a member's payments as their list stood when `recordedByMs` was the present: requested
 * from `since` on and recorded by then, newest first, one page at a time. Ids only: the caller
 * folds each payment from its stream.
 */
export function listMemberPaymentIds(
  db: ReadModelDatabase,
  query: MemberPaymentIdsQuery,
): MemberPaymentIdsPage {
  assertPageSize(query.limit);
  const after = afterCursorTerm(query.cursor);
  const where = [
    'member_id = @memberId',
    'requested_at_ms >= @sinceMs',
    'recorded_at_ms <= @recordedByMs',
    ...after.where,
  ];
  const sql =
    `SELECT requested_at_ms, payment_id FROM member_payment_index WHERE ${where.join(' AND ')}` +
    ' ORDER BY requested_at_ms DESC, payment_id DESC LIMIT @take';
  const rows = preparedStatement(db)(sql).all({
    memberId: query.memberId,
    sinceMs: startOfBusinessDayMs(query.since),
    recordedByMs: query.recordedByMs,
    ...after.params,
    take: query.limit + 1,
  }) as ListRow[];
  const page = keysetPage(rows, query.limit);
  return { paymentIds: page.rows.map((row) => row.payment_id), nextCursor: page.nextCursor };
}
