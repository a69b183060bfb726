/**
 * The log folded into what the checks ask about: every payment's state (by the domain's own
 * `evolve`, which asserts the payment's invariants on every event), the views, cancellations and
 * voids each payment saw, the guards' holds, the settlement closes and the test clock's moves.
 */
import {
  evolvePayment,
  initialPaymentState,
  isPaymentEventType,
  type PaymentEvent,
  type PaymentState,
  type SettlementClosed,
} from '@lib/ledger';
import type { LoggedEvent } from './chaos-data-folder';

export interface FoldedPayment {
  readonly paymentId: string;
  state: PaymentState;
  readonly events: LoggedEvent[];
  /** Why the fold stopped: `evolve` refused an event (a broken invariant). */
  broken: string | null;
  /** JudgmentViewed, per item: by the payer, or moved in from the original (R12). */
  readonly views: Map<string, number>;
  /** Views moved out to a repayment (R12), per item. */
  readonly viewsMovedOut: Map<string, number>;
  /** Every cancellation started (R20). */
  readonly cancellationsStarted: Set<string>;
  /** Every approval whose void was started (R22). */
  readonly voidsStarted: Set<string>;
  /** Refunds recorded while a view stood (DESIGN.md R11, the sim's I2). */
  readonly refundedWhileViewed: number[];
  /** A reconciler gave up on it (R21, R22). */
  attention: boolean;
}

export interface LedgerPicture {
  readonly payments: Map<string, FoldedPayment>;
  /** SettlementClosed of every closed day, in log order (more than one for a day is a bug). */
  readonly closes: SettlementClosed['data'][];
  /**
   * Payment ids a payer guard holds a transfer for, and repayments a repayment guard holds (held
   * and not released since), each with the instant its hold lapses by itself.
   */
  readonly transferHolds: Map<string, string>;
  readonly repaymentHolds: Map<string, string>;
  /** The instants the test clock was moved to, in log order. */
  readonly clockMoves: string[];
  readonly lastPosition: number;
}

function paymentOf(picture: LedgerPicture, paymentId: string): FoldedPayment {
  let payment = picture.payments.get(paymentId);
  if (payment === undefined) {
    payment = {
      paymentId,
      state: initialPaymentState,
      events: [],
      broken: null,
      views: new Map(),
      viewsMovedOut: new Map(),
      cancellationsStarted: new Set(),
      voidsStarted: new Set(),
      refundedWhileViewed: [],
      attention: false,
    };
    picture.payments.set(paymentId, payment);
  }
  return payment;
}

const bump = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);

function foldPaymentEvent(payment: FoldedPayment, recorded: LoggedEvent): void {
  payment.events.push(recorded);
  if (payment.broken !== null) return;
  const event = { type: recorded.type, data: recorded.data } as unknown as PaymentEvent;
  if (event.type === 'JudgmentViewed') bump(payment.views, event.data.itemId);
  else if (event.type === 'JudgmentViewsTransferred') {
    for (const itemId of event.data.itemIds) bump(payment.viewsMovedOut, itemId);
  } else if (event.type === 'PaymentCancellationStarted') {
    payment.cancellationsStarted.add(event.data.cancellationId);
  } else if (event.type === 'PaymentApprovalVoidStarted') {
    payment.voidsStarted.add(event.data.pgTransactionId);
  } else if (event.type === 'PaymentNeedsAttention') payment.attention = true;
  else if (event.type === 'PaymentCancelled' && payment.state.status !== 'NONE') {
    const viewed = payment.state.items.filter((item) => item.viewedAt !== null);
    if (viewed.length > 0) payment.refundedWhileViewed.push(recorded.position);
  }
  try {
    payment.state = evolvePayment(payment.state, event);
  } catch (error) {
    payment.broken = `at position ${recorded.position} (${recorded.type}): ${String(error)}`;
  }
}

/** Folds the whole log (events are immutable, so a fold of a longer log extends this one's). */
export function pictureOf(log: readonly LoggedEvent[]): LedgerPicture {
  const picture: LedgerPicture = {
    payments: new Map(),
    closes: [],
    transferHolds: new Map(),
    repaymentHolds: new Map(),
    clockMoves: [],
    lastPosition: log.at(-1)?.position ?? 0,
  };
  for (const recorded of log) {
    const data = recorded.data;
    if (isPaymentEventType(recorded.type)) {
      foldPaymentEvent(paymentOf(picture, data.paymentId as string), recorded);
    } else if (recorded.type === 'SettlementClosed') {
      picture.closes.push(data as unknown as SettlementClosed['data']);
    } else if (recorded.type === 'PendingTransferHeld') {
      picture.transferHolds.set(data.paymentId as string, data.holdUntil as string);
    } else if (recorded.type === 'PendingTransferReleased') {
      picture.transferHolds.delete(data.paymentId as string);
    } else if (recorded.type === 'RepaymentHeld') {
      picture.repaymentHolds.set(data.repaymentId as string, data.holdUntil as string);
    } else if (recorded.type === 'RepaymentReleased') {
      picture.repaymentHolds.delete(data.repaymentId as string);
    } else if (recorded.type === 'TestClockMoved') {
      picture.clockMoves.push(data.now as string);
    }
  }
  return picture;
}

/** The `metadata.idempotency` stamp of an event (docs/adr/0011), if it has one. */
export function stampOf(event: LoggedEvent): { key: string; answered: boolean } | null {
  const stamp = event.metadata.idempotency as { key?: unknown; answered?: unknown } | undefined;
  if (stamp === undefined || stamp === null || typeof stamp.key !== 'string') return null;
  return { key: stamp.key, answered: stamp.answered === true };
}
