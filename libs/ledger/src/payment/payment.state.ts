/**
 * Payment state and `evolve` (R4, R8, R12, R13, R20–R22).
 * Invariants, asserted on every event (a stream that breaks one is a bug, not a refusal):
 * - a payment is requested once, first; every later event names the same payment id;
 * - REQUESTED → COMPLETED | FAILED; COMPLETED → CANCELLING → CANCELLED | COMPLETED; FAILED and
 *   CANCELLED are final (streams written before R20 go COMPLETED → CANCELLED directly);
 * - a cancellation's outcome names the cancellation in flight;
 * - only a COMPLETED payment gains or loses views; a view names an item of the payment;
 * - an approval is voided at most once: one void per PG transaction id, started before it ends;
 * - a late PG approval is recorded only once the payment's outcome is settled.
 */
import { assertNever, invariant } from '../assert';
import type { BusinessDate, IsoInstant } from '../business-time';
import type { Payer } from '../payer';
import type {
  FailureReason,
  PaymentEvent,
  PaymentInstrument,
  PaymentApprovalVoidStarted,
  PaymentNeedsAttention,
  PaymentRequested,
  RepaymentOf,
  VoidReason,
} from './payment.events';

export type PaymentStatus = 'REQUESTED' | 'COMPLETED' | 'CANCELLING' | 'FAILED' | 'CANCELLED';

export type PaymentState =
  | NoPayment
  | RequestedPayment
  | CompletedPayment
  | CancellingPayment
  | FailedPayment
  | CancelledPayment;

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
  /** null for failures recorded before R20. */
  readonly cancellationId: string | null;
  readonly pgCode: string;
  readonly pgMessage: string;
  readonly failedAt: IsoInstant;
}

export interface Failure {
  readonly reason: FailureReason;
  readonly code: string;
  readonly message: string;
  readonly failedAt: IsoInstant;
  /** A refused PG approval's transaction and amount (R3, R3a, R23); null for declines and expiry. */
  readonly pgTransactionId: string | null;
  readonly approvedAmountKrw: number | null;
}

/** An approval recorded as LatePaymentApprovalReceived (before R22). */
export interface LateApproval {
  readonly pgTransactionId: string;
  readonly approvedAmountKrw: number;
  readonly approvedAt: IsoInstant;
  readonly statusAtReceipt: 'COMPLETED' | 'FAILED' | 'CANCELLED';
}

/** A reconciler gave up; support must settle it with the PG (R21, R22). */
export interface Attention {
  readonly reason: string;
  readonly pgCode: string | null;
  readonly pgMessage: string | null;
  readonly since: IsoInstant;
}

/** R20: the cancellation whose PG call is in flight or whose outcome is not known yet. */
export interface InFlightCancellation {
  readonly cancellationId: string;
  readonly startedAt: IsoInstant;
  readonly attention: Attention | null;
}

/** R22: an approval the ledger refused, being given back at the PG. */
export interface ApprovalVoid {
  readonly pgTransactionId: string;
  readonly approvedAmountKrw: number;
  readonly approvedAt: IsoInstant;
  readonly reason: VoidReason;
  readonly statusAtReceipt: PaymentApprovalVoidStarted['data']['statusAtReceipt'];
  readonly startedAt: IsoInstant;
  /** Set once the PG voided it. */
  readonly voidedAt: IsoInstant | null;
  readonly pgVoidId: string | null;
  readonly attention: Attention | null;
}

/** What a payment with an outcome keeps about approvals it did not take. */
interface Settled {
  /** Approvals recorded as LatePaymentApprovalReceived (before R22), each once. */
  readonly lateApprovals: readonly LateApproval[];
  /** R22: every void, in the order it was started. */
  readonly voids: readonly ApprovalVoid[];
}

export interface RequestedPayment extends PaymentBase {
  readonly status: 'REQUESTED';
}

export interface CompletedPayment extends PaymentBase, Settled {
  readonly status: 'COMPLETED';
  readonly completion: Completion;
  readonly cancellationFailures: readonly CancellationFailure[];
}

/** R20: 결제취소중: the PG was (or is being) asked to cancel; views and repayments wait. */
export interface CancellingPayment extends PaymentBase, Settled {
  readonly status: 'CANCELLING';
  readonly completion: Completion;
  readonly cancellationFailures: readonly CancellationFailure[];
  readonly cancellation: InFlightCancellation;
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
  /** null for cancellations recorded before R20. */
  readonly cancellationId: string | null;
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
        voids: [],
      };
    }
    case 'PaymentFailed': {
      const { reason, code, message, failedAt, pgTransactionId, approvedAmountKrw } = event.data;
      expectStatus(state, 'REQUESTED', event.type);
      return {
        ...state,
        status: 'FAILED',
        failure: { reason, code, message, failedAt, pgTransactionId, approvedAmountKrw },
        lateApprovals: [],
        voids: [],
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
    case 'PaymentCancellationStarted': {
      const s = expectStatus(state, 'COMPLETED', event.type);
      const { cancellationId, startedAt } = event.data;
      return {
        ...s,
        status: 'CANCELLING',
        cancellation: { cancellationId, startedAt, attention: null },
      };
    }
    case 'PaymentCancelled': {
      const s = endingCancellation(state, event.type, event.data.cancellationId);
      const { cancelledAt, pgCancelTransactionId, cancellationId } = event.data;
      const { completion, cancellationFailures, lateApprovals, voids } = s;
      return {
        ...base(s),
        status: 'CANCELLED',
        completion,
        cancellationFailures,
        lateApprovals,
        voids,
        cancelledAt,
        pgCancelTransactionId,
        cancellationId: cancellationId ?? null,
      };
    }
    case 'PaymentCancellationFailed': {
      const s = endingCancellation(state, event.type, event.data.cancellationId);
      const { pgCode, pgMessage, failedAt } = event.data;
      const cancellationId = event.data.cancellationId ?? null;
      const { completion, lateApprovals, voids } = s;
      return {
        ...base(s),
        status: 'COMPLETED',
        completion,
        lateApprovals,
        voids,
        cancellationFailures: [
          ...s.cancellationFailures,
          { cancellationId, pgCode, pgMessage, failedAt },
        ],
      };
    }
    case 'PaymentApprovalVoidStarted':
      return startedVoid(state, event);
    case 'PaymentApprovalVoided': {
      const { pgTransactionId, pgVoidId, voidedAt } = event.data;
      return withVoid(state, pgTransactionId, event.type, (started) => {
        invariant(started.voidedAt === null, `${pgTransactionId} is voided twice`);
        return { ...started, voidedAt, pgVoidId };
      });
    }
    case 'PaymentNeedsAttention':
      return needingAttention(state, event);
    case 'LatePaymentApprovalReceived': {
      invariant(state.status !== 'REQUESTED', 'A late approval of a payment still REQUESTED');
      const { pgTransactionId, approvedAmountKrw, approvedAt, statusAtReceipt } = event.data;
      const late: LateApproval = {
        pgTransactionId,
        approvedAmountKrw,
        approvedAt,
        statusAtReceipt,
      };
      return { ...state, lateApprovals: [...state.lateApprovals, late] };
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

type WithOutcome = Exclude<PaymentState, NoPayment | RequestedPayment>;

/** The fields every payment has, whatever its status. */
function base(state: Exclude<PaymentState, NoPayment>): PaymentBase {
  const { paymentId, payer, instrument, items, amountKrw, requestedAt, expiresAt, repaymentOf } =
    state;
  return { paymentId, payer, instrument, items, amountKrw, requestedAt, expiresAt, repaymentOf };
}

/**
 * The payment whose cancellation an outcome ends: the cancellation in flight, named by the event;
 * or, for streams written before R20 (no id), a COMPLETED payment.
 */
function endingCancellation(
  state: Exclude<PaymentState, NoPayment>,
  eventType: string,
  cancellationId: string | undefined,
): CompletedPayment | CancellingPayment {
  if (cancellationId === undefined) return expectStatus(state, 'COMPLETED', eventType);
  const s = expectStatus(state, 'CANCELLING', eventType);
  invariant(
    s.cancellation.cancellationId === cancellationId,
    `${eventType} of cancellation ${cancellationId} while ${s.cancellation.cancellationId} is in flight`,
  );
  return s;
}

function startedVoid(
  state: Exclude<PaymentState, NoPayment>,
  { type, data }: PaymentApprovalVoidStarted,
): WithOutcome {
  invariant(state.status !== 'REQUESTED', `${type} on a REQUESTED payment`);
  const { pgTransactionId, approvedAmountKrw, approvedAt, reason, statusAtReceipt, startedAt } =
    data;
  invariant(
    !state.voids.some((started) => started.pgTransactionId === pgTransactionId),
    `The approval ${pgTransactionId} is voided twice`,
  );
  const started: ApprovalVoid = {
    pgTransactionId,
    approvedAmountKrw,
    approvedAt,
    reason,
    statusAtReceipt,
    startedAt,
    voidedAt: null,
    pgVoidId: null,
    attention: null,
  };
  return { ...state, voids: [...state.voids, started] };
}

function withVoid(
  state: Exclude<PaymentState, NoPayment>,
  pgTransactionId: string,
  eventType: string,
  change: (started: ApprovalVoid) => ApprovalVoid,
): WithOutcome {
  invariant(state.status !== 'REQUESTED', `${eventType} on a REQUESTED payment`);
  const found = state.voids.some((started) => started.pgTransactionId === pgTransactionId);
  invariant(found, `${eventType} of ${pgTransactionId}, whose void never started`);
  return {
    ...state,
    voids: state.voids.map((started) =>
      started.pgTransactionId === pgTransactionId ? change(started) : started,
    ),
  };
}

function needingAttention(
  state: Exclude<PaymentState, NoPayment>,
  { type, data }: PaymentNeedsAttention,
): PaymentState {
  const attention: Attention = {
    reason: data.reason,
    pgCode: data.pgCode,
    pgMessage: data.pgMessage,
    since: data.since,
  };
  switch (data.subject) {
    case 'CANCELLATION': {
      const s = expectStatus(state, 'CANCELLING', type);
      invariant(
        s.cancellation.cancellationId === data.reference,
        `${type} of another cancellation`,
      );
      return { ...s, cancellation: { ...s.cancellation, attention } };
    }
    case 'VOID':
      return withVoid(state, data.reference, type, (started) => ({ ...started, attention }));
    default:
      return assertNever(data.subject, 'attention subject');
  }
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
