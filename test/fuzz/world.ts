/**
 * What the fuzzer has learned from the service's answers: the payments it created and the state
 * each was last seen in, cursors, audit positions, closed days and the test clock. Valid requests
 * draw their ids from here, so completions, views, cancels and repayments reach payments in the
 * states where those commands do something.
 */
import type { Draft, Payer } from './draft';
import type { Rng } from './rng';

export interface KnownPayment {
  readonly paymentId: string;
  readonly payer: Payer | undefined;
  readonly amount: number;
  readonly method: string;
  readonly itemIds: readonly string[];
  readonly viewed: boolean;
  readonly status: string;
  readonly pgTransactionId: string | undefined;
}

/** Payments remembered at most; the oldest are forgotten first (the service keeps them all). */
const PAYMENTS_KEPT = 4_000;
/** Values of the smaller pools (positions, cursors, keys) remembered at most. */
const POOL_KEPT = 200;

const MEMBERS = 200;
const GUESTS = 40;

/** A payment answer, as far as the world reads it. */
interface PaymentAnswer {
  readonly paymentId: string;
  readonly status: string;
  readonly amount: number;
  readonly method: string;
  readonly items: readonly { readonly itemId: string; readonly viewed?: boolean }[];
}

export class World {
  private readonly payments = new Map<string, KnownPayment>();
  /** Ids by status, newest last; may hold ids whose status has moved on since. */
  private readonly byStatus = new Map<string, string[]>();
  readonly closedDates: string[] = [];
  readonly auditPositions: string[] = [];
  readonly cursors: string[] = [];
  readonly pgTransactionIds: string[] = [];
  readonly idempotencyKeys: string[] = [];
  /** The test clock's instant, as the service last reported it. */
  now: string;
  /** Outcomes of valid requests that moved a payment on, for the summary. */
  readonly reached = new Map<string, number>();

  constructor(
    readonly seed: number,
    now: string,
  ) {
    this.now = now;
  }

  member(rng: Rng): string {
    return `fz-${this.seed.toString(36)}-m${rng.int(0, MEMBERS - 1)}`;
  }

  /** A guest of a small pool, so that look-ups find payments (and wrong passwords lock phones). */
  guest(rng: Rng): Payer & { readonly type: 'GUEST' } {
    const n = rng.int(0, GUESTS - 1);
    const phone = `010-${String(7000 + n).padStart(4, '0')}-${String(this.seed % 10_000).padStart(4, '0')}`;
    return {
      type: 'GUEST',
      verificationId: `fz-v-${n}`,
      phone,
      password: `fz-pw-${this.seed.toString(36)}-${n.toString(36)}x`,
    };
  }

  /** A remembered payment, preferring one last seen in `status`. */
  payment(rng: Rng, status?: string): KnownPayment | undefined {
    const ids = status === undefined ? undefined : this.byStatus.get(status);
    const id =
      ids !== undefined && ids.length > 0 && rng.chance(0.9)
        ? ids[ids.length - 1 - Math.min(ids.length - 1, Math.floor(rng.float() ** 3 * ids.length))]
        : this.anyPaymentId(rng);
    return id === undefined ? undefined : this.payments.get(id);
  }

  private anyPaymentId(rng: Rng): string | undefined {
    if (this.payments.size === 0) return undefined;
    // Map iteration is in insertion order; skipping a random count is fine at these sizes.
    let skip = rng.int(0, this.payments.size - 1);
    for (const id of this.payments.keys()) {
      if (skip === 0) return id;
      skip -= 1;
    }
    return undefined;
  }

  pick(rng: Rng, pool: readonly string[]): string | undefined {
    return pool.length === 0 ? undefined : rng.pick(pool);
  }

  /** Learns from a 2xx answer to a request. */
  learn(draft: Draft, status: number, body: unknown): void {
    if (status < 200 || status >= 300 || typeof body !== 'object' || body === null) return;
    const answer = body as Record<string, unknown>;
    if (isPaymentAnswer(answer)) this.learnPayment(draft, answer);
    if (typeof answer.nextCursor === 'string') remember(this.cursors, answer.nextCursor);
    if (typeof answer.next === 'string') remember(this.auditPositions, answer.next);
    if (typeof answer.now === 'string' && answer.now > this.now) this.now = answer.now;
    if (typeof answer.date === 'string' && answer.closed === true) {
      remember(this.closedDates, answer.date);
    }
  }

  private learnPayment(draft: Draft, answer: PaymentAnswer): void {
    const known = this.payments.get(answer.paymentId);
    const intent = draft.intent;
    const payer =
      known?.payer ??
      (intent.kind === 'request-payment'
        ? intent.payer
        : intent.kind === 'repay'
          ? this.payments.get(intent.originalId)?.payer
          : undefined);
    const pgTransactionId =
      intent.kind === 'complete' && answer.status === 'COMPLETED'
        ? intent.pgTransactionId
        : known?.pgTransactionId;
    if (pgTransactionId !== undefined && known?.pgTransactionId === undefined) {
      remember(this.pgTransactionIds, pgTransactionId);
    }
    const payment: KnownPayment = {
      paymentId: answer.paymentId,
      payer,
      amount: answer.amount,
      method: answer.method,
      itemIds: answer.items.map((item) => item.itemId),
      viewed: answer.items.some((item) => item.viewed === true),
      status: answer.status,
      pgTransactionId,
    };
    if (known?.status !== payment.status || known.viewed !== payment.viewed) {
      const state = payment.viewed ? `${payment.status}+VIEWED` : payment.status;
      this.reached.set(state, (this.reached.get(state) ?? 0) + 1);
    }
    this.payments.delete(answer.paymentId);
    this.payments.set(answer.paymentId, payment);
    this.index(payment);
    while (this.payments.size > PAYMENTS_KEPT) {
      const oldest = this.payments.keys().next().value;
      if (oldest === undefined) break;
      this.payments.delete(oldest);
    }
  }

  private index(payment: KnownPayment): void {
    const key = payment.viewed && payment.status === 'COMPLETED' ? 'VIEWED' : payment.status;
    const ids = this.byStatus.get(key) ?? [];
    ids.push(payment.paymentId);
    if (ids.length > POOL_KEPT * 2) ids.splice(0, ids.length - POOL_KEPT);
    this.byStatus.set(key, ids);
  }

  rememberKey(key: string): void {
    remember(this.idempotencyKeys, key);
  }
}

function isPaymentAnswer(
  answer: Record<string, unknown>,
): answer is Record<string, unknown> & PaymentAnswer {
  return (
    typeof answer.paymentId === 'string' &&
    typeof answer.status === 'string' &&
    typeof answer.amount === 'number' &&
    typeof answer.method === 'string' &&
    Array.isArray(answer.items)
  );
}

function remember(pool: string[], value: string): void {
  if (pool.includes(value)) return;
  pool.push(value);
  if (pool.length > POOL_KEPT) pool.shift();
}
