import { isBusinessDate, type BusinessDate } from '@lib/ledger';
import { preparedStatement } from '../per-connection';
import type { ReadModelDatabase } from '../projection';
import { afterCursorTerm, keysetPage } from './list-cursor';
import { startOfBusinessDayMs } from './list-window';
import {
  toPaymentRecord,
  type ItemRow,
  type PaymentRecord,
  type PaymentRow,
} from './payment-record';

/** The most payments one page may hold. */
export const MAX_PAGE_SIZE = 100;

/** Whose list: a member's (or any payer's) key, or a guest's phone key (R15). */
export type PayerSelector =
  | { readonly payerKey: string }
  | {
      readonly phoneKey: string;
      /**
       * Only payments made with one of these password hashes: those whose password the caller
       * checked (see `listGuestPasswordHashes`). Omitted: every payment of the phone key.
       */
      readonly passwordHashes?: readonly string[];
    };

/** Which page of a list, newest first: its window's first day, its size and where it starts. */
export interface ListPageQuery {
  /** First KST day shown (see `paymentListStart`). */
  readonly since: BusinessDate;
  /** 1…MAX_PAGE_SIZE. */
  readonly limit: number;
  /** `nextCursor` of the previous page; absent or null for the first page. */
  readonly cursor?: string | null;
}

export type ListPaymentsQuery = PayerSelector & ListPageQuery;

export interface PaymentPage {
  readonly payments: readonly PaymentRecord[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export function getPayment(db: ReadModelDatabase, paymentId: string): PaymentRecord | null {
  const sql = 'SELECT * FROM payments WHERE payment_id = ?';
  const row = preparedStatement(db)(sql).get(paymentId) as PaymentRow | undefined;
  return row === undefined ? null : (withItems(db, [row])[0] ?? null);
}

/** A payer's payments from `since` on, newest first (R14), one page at a time. */
export function listPayerPayments(db: ReadModelDatabase, query: ListPaymentsQuery): PaymentPage {
  const { limit } = query;
  assertPageSize(limit);
  const { where, params } = listFilter(query);
  const sql =
    `SELECT * FROM payments WHERE ${where.join(' AND ')}` +
    ' ORDER BY requested_at_ms DESC, payment_id DESC LIMIT @take';
  const rows = preparedStatement(db)(sql).all({ ...params, take: limit + 1 }) as PaymentRow[];
  const page = keysetPage(rows, limit);
  return { payments: withItems(db, page.rows), nextCursor: page.nextCursor };
}

/** A list page holds 1…MAX_PAGE_SIZE payments; anything else is the caller's bug. */
export function assertPageSize(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be 1…${MAX_PAGE_SIZE}, not ${limit}`);
  }
}

/** The WHERE terms of a list query; the cursor's term is a keyset seek on the list's order. */
function listFilter(query: ListPaymentsQuery): {
  where: string[];
  params: Record<string, unknown>;
} {
  const where = ['requested_at_ms >= @sinceMs'];
  const params: Record<string, unknown> = { sinceMs: startOfBusinessDayMs(query.since) };
  if ('payerKey' in query) {
    where.push('payer_key = @payerKey');
    params.payerKey = query.payerKey;
  } else {
    where.push('phone_key = @phoneKey');
    params.phoneKey = query.phoneKey;
    if (query.passwordHashes !== undefined) {
      where.push('password_hash IN (SELECT value FROM json_each(@hashes))');
      params.hashes = JSON.stringify(query.passwordHashes);
    }
  }
  const after = afterCursorTerm(query.cursor);
  return { where: [...where, ...after.where], params: { ...params, ...after.params } };
}

/**
 * The distinct password hashes of a guest's payments from `since` on (R15). A guest may have used
 * a different password for each payment: the caller checks the typed password against each hash
 * (a slow hash, so against few) and lists with the hashes that matched.
 */
export function listGuestPasswordHashes(
  db: ReadModelDatabase,
  phoneKey: string,
  since: BusinessDate,
): string[] {
  const sql =
    'SELECT DISTINCT password_hash FROM payments' +
    ' WHERE phone_key = ? AND requested_at_ms >= ? ORDER BY password_hash';
  const statement = preparedStatement(db)(sql).pluck();
  return statement.all(phoneKey, startOfBusinessDayMs(since)) as string[];
}

/**
 * Removes payments requested before `before` (a KST day) from the read model, never from the log;
 * returns how many. Later events of a pruned payment change nothing (see `PaymentWrites.advance`).
 */
export function prunePayments(db: ReadModelDatabase, before: BusinessDate): number {
  if (!isBusinessDate(before)) {
    throw new RangeError(`Not a business date: ${JSON.stringify(before)}`);
  }
  const prepared = preparedStatement(db);
  return db.transaction(() => {
    prepared(
      'DELETE FROM payment_items WHERE payment_id IN' +
        ' (SELECT payment_id FROM payments WHERE requested_on < ?)',
    ).run(before);
    return prepared('DELETE FROM payments WHERE requested_on < ?').run(before).changes;
  })();
}

function withItems(db: ReadModelDatabase, rows: readonly PaymentRow[]): PaymentRecord[] {
  if (rows.length === 0) return [];
  const sql =
    'SELECT * FROM payment_items WHERE payment_id IN (SELECT value FROM json_each(?))' +
    ' ORDER BY payment_id, ordinal';
  const ids = JSON.stringify(rows.map((row) => row.payment_id));
  const items = preparedStatement(db)(sql).all(ids) as ItemRow[];
  const byPayment = new Map<string, ItemRow[]>();
  for (const item of items) {
    const list = byPayment.get(item.payment_id);
    if (list === undefined) byPayment.set(item.payment_id, [item]);
    else list.push(item);
  }
  return rows.map((row) => toPaymentRecord(row, byPayment.get(row.payment_id) ?? []));
}
