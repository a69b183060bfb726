import { createHash } from 'node:crypto';
import type { JsonObject, RecordedEvent } from '@lib/event-store';

/**
 * An `Idempotency-Key` as the command side carries it (docs/adr/0011): no record of its own. The
 * events a request appends carry `idempotency: { key, fingerprint, answered }` in their metadata,
 * so a retry finds its first attempt in the very stream the command loads anyway, at no extra
 * commit. One ticket per request; the command loop marks it when it replays.
 */
export class IdempotencyTicket {
  /** The event whose answer this request replays, once the command loop found one. */
  replayed: RecordedEvent | null = null;

  constructor(
    /** SHA-256 (hex) of the caller's scope and the key: callers never share a key. */
    readonly key: string,
    /** The request's fingerprint (method, path, canonical body; keyed HMAC). */
    readonly fingerprint: string,
  ) {}

  /** The ticket of `key` sent by the caller `scope` (e.g. `client:<key id>`). */
  static of(scope: string, key: string, fingerprint: string): IdempotencyTicket {
    return new IdempotencyTicket(sha256Hex(`${scope}\n${key}`), fingerprint);
  }
}

/**
 * How an append answers its request: `answers` when the request succeeds with this append (a 2xx
 * other than 202: replayed to a retry); `pending` when it does not settle the request (a
 * cancellation's intent before the PG answers, a failure the caller may retry): a retry decides
 * again. An append whose decision is a refusal never answers (DESIGN.md §5).
 */
export type IdempotentAppend = 'answers' | 'pending';

/** The metadata a request's events carry. */
export function idempotencyStamp(ticket: IdempotencyTicket, answered: boolean): JsonObject {
  return { idempotency: { key: ticket.key, fingerprint: ticket.fingerprint, answered } };
}

interface Stamp {
  readonly key: string;
  readonly fingerprint: string;
  readonly answered: boolean;
}

function stampOf(event: RecordedEvent): Stamp | null {
  const stamp = (event.metadata as { idempotency?: unknown }).idempotency;
  if (stamp === null || typeof stamp !== 'object') return null;
  const { key, fingerprint, answered } = stamp as Record<string, unknown>;
  if (typeof key !== 'string' || typeof fingerprint !== 'string') return null;
  return { key, fingerprint, answered: answered === true };
}

/** What the stream says of an earlier attempt of this request. */
export type PriorAttempt =
  | { readonly kind: 'none' }
  /** The same key came with another request: 422 IDEMPOTENCY_KEY_REUSED. */
  | { readonly kind: 'reused' }
  /** It was answered: replay the answer as the stream stood after its event at `index`. */
  | { readonly kind: 'answered'; readonly index: number }
  /** It appended, but its answer was not kept (202, a PG failure): decide again. */
  | { readonly kind: 'unanswered' };

/** Looks for the ticket's key in a stream's events. */
export function priorAttempt(
  events: readonly RecordedEvent[],
  ticket: IdempotencyTicket,
): PriorAttempt {
  let answered = -1;
  let seen = false;
  for (const [index, event] of events.entries()) {
    const stamp = stampOf(event);
    if (stamp === null || stamp.key !== ticket.key) continue;
    if (stamp.fingerprint !== ticket.fingerprint) return { kind: 'reused' };
    seen = true;
    if (stamp.answered) answered = index;
  }
  if (answered >= 0) return { kind: 'answered', index: answered };
  return seen ? { kind: 'unanswered' } : { kind: 'none' };
}

/**
 * The id of the payment a request creates, derived from its key (RFC 9562 version 8 UUID): a
 * retry names the same stream, so it finds the payment it created instead of creating another.
 */
export function paymentIdForRequest(ticket: IdempotencyTicket): string {
  const bytes = Buffer.from(sha256Hex(`payment-id\n${ticket.key}`).slice(0, 32), 'hex');
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
