/** A list cursor that is not one this module made (tampered with, or from another version). */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not valid');
  }
}

/** Where a page ended: the list is ordered by (requested instant, payment id), newest first. */
export interface ListPosition {
  readonly requestedAtMs: number;
  readonly paymentId: string;
}

/**
 * Opaque to clients (base64url of a small JSON array). It names the last payment shown, not an
 * offset, so payments that arrive between two page requests neither repeat nor hide a payment.
 */
export function encodeCursor(position: ListPosition): string {
  const json = JSON.stringify([position.requestedAtMs, position.paymentId]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [requestedAtMs, paymentId] = parsed as unknown[];
  if (!Number.isSafeInteger(requestedAtMs) || typeof paymentId !== 'string') {
    throw new InvalidCursorError();
  }
  return { requestedAtMs: requestedAtMs as number, paymentId };
}

/** A row of a list ordered by (requested instant, payment id), newest first. */
export interface ListRow {
  readonly requested_at_ms: number;
  readonly payment_id: string;
}

/** The WHERE term and parameters that seek past `cursor` on the list's order (none for no cursor). */
export function afterCursorTerm(cursor: string | null | undefined): {
  where: string[];
  params: Record<string, unknown>;
} {
  if (cursor == null) return { where: [], params: {} };
  const after = decodeCursor(cursor);
  return {
    where: ['(requested_at_ms, payment_id) < (@afterMs, @afterId)'],
    params: { afterMs: after.requestedAtMs, afterId: after.paymentId },
  };
}

/** The page of `rows` (read with `limit + 1`, to know whether more follow) and its next cursor. */
export function keysetPage<Row extends ListRow>(
  rows: readonly Row[],
  limit: number,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeCursor({ requestedAtMs: last.requested_at_ms, paymentId: last.payment_id })
      : null;
  return { rows: page, nextCursor };
}
