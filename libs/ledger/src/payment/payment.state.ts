/**
 * Payment state and `evolve` (R4, R8, R12, R13).
 * Invariants, asserted on every event (a stream that breaks one is a bug, not a refusal):
 * - a payment is requested once, first; every later event names the same payment id;
 * - REQUESTED → COMPLETED | FAILED; COMPLETED → CANCELLED; FAILED and CANCELLED are final;
 * - only a COMPLETED payment gains or loses views; a view names an item of the payment;
 * - a late PG approval is recorded only once the payment's outcome is settled.
 */
import { assertNever, invariant } from '../assert';
import type { BusinessDate, IsoInstant } from '../business-time';
import type { Payer } from '../payer';
import type {
  FailureReason,
  PaymentEvent,
  PaymentInstrument,
  PaymentRequested,
  RepaymentOf,
} from './payment.events';

export type PaymentStatus = 'REQUESTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export type PaymentState =
  NoPayment | RequestedPayment | CompletedPayment | FailedPayment | CancelledPayment;

/** The stream holds no event yet. */
export interface NoPayment {
  readonly status: 'NONE';
}

export interface PaymentItem {
  readonly itemId: string;
  readonly court: string;
  readonly caseNumber: string;
  readonly feeKrw: number;
  /** null when not viewed, or when its view moved to a repayment (R12). */
  readonly viewedAt: IsoInstant | null;
  /** R12: the repayment that took this item's view, if any. */
  readonly viewTransferredTo: string | null;
}

interface PaymentBase {
  readonly paymentId: string;
  readonly payer: Payer;
  readonly instrument: PaymentInstrument;
  readonly items: readonly PaymentItem[];
  readonly amountKrw: number;
  readonly requestedAt: IsoInstant;
  readonly expiresAt: IsoInstant | null;
  readonly repaymentOf: RepaymentOf | null;
}

export interface Completion {
  readonly pgTransactionId: string;
  readonly approvedAt: IsoInstant;
  readonly certificateVerified: boolean;
  readonly completedAt: IsoInstant;
  readonly completedOn: BusinessDate;
}

export interface CancellationFailure {
  readonly pgCode: string;
  readonly pgMessage: string;
  readonly failedAt: IsoInstant;
}

export interface Failure {
  readonly reason: FailureReason;
  readonly code: string;
  readonly message: string;
  readonly failedAt: IsoInstant;
}

/** PG transaction ids of approvals recorded as LatePaymentApprovalReceived (recorded once each). */
interface Settled {
  readonly lateApprovals: readonly string[];
}

export interface RequestedPayment extends PaymentBase {
  readonly status: 'REQUESTED';
}

export interface CompletedPayment extends PaymentBase, Settled {
  readonly status: 'COMPLETED';
  readonly completion: Completion;
  readonly cancellationFailures: readonly CancellationFailure[];
}

export interface FailedPayment extends PaymentBase, Settled {
  readonly status: 'FAILED';
  readonly failure: Failure;
}

export interface CancelledPayment extends PaymentBase, Settled {
  readonly status: 'CANCELLED';
  readonly completion: Completion;
  readonly cancellationFailures: readonly CancellationFailure[];
  readonly cancelledAt: IsoInstant;
  readonly pgCancelTransactionId: string | null;
}

export const initialState: PaymentState = Object.freeze({ status: 'NONE' });

export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  if (event.type === 'PaymentRequested') {
    invariant(state.status === 'NONE', `${event.data.paymentId} is requested twice`);
    return requested(event);
  }
  invariant(state.status !== 'NONE', `${event.type} before PaymentRequested`);
  invariant(
    event.data.paymentId === state.paymentId,
    `${event.type} of ${event.data.paymentId} in the stream of ${state.paymentId}`,
  );
  switch (event.type) {
    case 'PaymentCompleted': {
      const { pgTransactionId, approvedAt, certificateVerified, completedAt, completedOn } =
        event.data;
      expectStatus(state, 'REQUESTED', event.type);
      invariant(event.data.amountKrw === state.amountKrw, 'Completed amount ≠ payment amount');
      return {
        ...state,
        status: 'COMPLETED',
        completion: { pgTransactionId, approvedAt, certificateVerified, completedAt, completedOn },
        cancellationFailures: [],
        lateApprovals: [],
      };
    }
    case 'PaymentFailed': {
      const { reason, code, message, failedAt } = event.data;
      expectStatus(state, 'REQUESTED', event.type);
      return {
        ...state,
        status: 'FAILED',
        failure: { reason, code, message, failedAt },
        lateApprovals: [],
      };
    }
    case 'JudgmentViewed': {
      const s = expectStatus(state, 'COMPLETED', event.type);
      return { ...s, items: withItem(s, event.data.itemId, { viewedAt: event.data.viewedAt }) };
    }
    case 'JudgmentViewsTransferred': {
      const s = expectStatus(state, 'COMPLETED', event.type);
      let items = s.items;
      for (const itemId of event.data.itemIds) {
        items = withItem({ ...s, items }, itemId, {
          viewedAt: null,
          viewTransferredTo: event.data.toPaymentId,
        });
      }
      return { ...s, items };
    }
    case 'PaymentCancelled': {
      const s = expectStatus(state, 'COMPLETED', event.type);
      return {
        ...s,
        status: 'CANCELLED',
        cancelledAt: event.data.cancelledAt,
        pgCancelTransactionId: event.data.pgCancelTransactionId,
      };
    }
    case 'PaymentCancellationFailed': {
      const s = expectStatus(state, 'COMPLETED', event.type);
      const { pgCode, pgMessage, failedAt } = event.data;
      return {
        ...s,
        cancellationFailures: [...s.cancellationFailures, { pgCode, pgMessage, failedAt }],
      };
    }
    case 'LatePaymentApprovalReceived': {
      invariant(state.status !== 'REQUESTED', 'A late approval of a payment still REQUESTED');
      return { ...state, lateApprovals: [...state.lateApprovals, event.data.pgTransactionId] };
    }
    default:
      return assertNever(event, 'payment event');
  }
}

/** Folds a whole stream (replay). */
export function foldPayment(events: Iterable<PaymentEvent>): PaymentState {
  let state = initialState;
  for (const event of events) state = evolve(state, event);
  return state;
}

function requested({ data }: PaymentRequested): RequestedPayment {
  return {
    status: 'REQUESTED',
    paymentId: data.paymentId,
    payer: data.payer,
    instrument: data.instrument,
    items: data.items.map((item) => ({ ...item, viewedAt: null, viewTransferredTo: null })),
    amountKrw: data.amountKrw,
    requestedAt: data.requestedAt,
    expiresAt: data.expiresAt,
    repaymentOf: data.repaymentOf,
  };
}

function expectStatus<S extends PaymentStatus>(
  state: Exclude<PaymentState, NoPayment>,
  status: S,
  eventType: string,
): Extract<PaymentState, { status: S }> {
  invariant(state.status === status, `${eventType} on a ${state.status} payment`);
  return state as Extract<PaymentState, { status: S }>;
}

function withItem(
  state: CompletedPayment,
  itemId: string,
  change: Partial<Pick<PaymentItem, 'viewedAt' | 'viewTransferredTo'>>,
): readonly PaymentItem[] {
  invariant(
    state.items.some((item) => item.itemId === itemId),
    `No item ${itemId} in payment ${state.paymentId}`,
  );
  return state.items.map((item) => (item.itemId === itemId ? { ...item, ...change } : item));
}
