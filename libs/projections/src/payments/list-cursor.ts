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
