import type { Payer } from '../payer';
import type { RepaymentOf } from './payment.events';

/**
 * Commands of the payment aggregate (imperative). Inputs that come from outside (the HTTP body,
 * the PG) are loosely typed here and validated by `decide` (R1, R2), so the domain never trusts
 * the HTTP layer's validation alone.
 */
export type PaymentCommand =
  | RequestPayment
  | CompletePayment
  | FailPayment
  | ExpirePayment
  | RefreshPayment
  | ViewJudgment
  | CancelPayment
  | RecordCancellationSuccess
  | RecordCancellationFailure
  | RecordCancellationUnanswered
  | RecordApprovalVoided
  | RecordApprovalVoidUnsettled
  | StartLegacyApprovalVoid
  | TransferViews;

export type PaymentCommandType = PaymentCommand['type'];

export interface PaymentItemInput {
  readonly court: string;
  readonly caseNumber: string;
}

/**
 * R1, R2, R4. `paymentId` is chosen by the command side (it names the stream before deciding).
 * The HTTP body's shape: `method` with `cardIssuer` (CARD) or `bankCode` (BANK_TRANSFER).
 * For a repayment (R12) build the command with `planRepayment` from the original payment.
 */
export interface RequestPayment {
  readonly type: 'RequestPayment';
  readonly data: {
    readonly paymentId: string;
    readonly payer: Payer;
    readonly method: string;
    readonly cardIssuer?: string | null;
    readonly bankCode?: string | null;
    readonly items: readonly PaymentItemInput[];
    readonly repaymentOf?: RepaymentOf | null;
  };
}

/** The PG approved (R3, R3a, R4). `approvedAt` is the PG's instant, ISO 8601 with offset. */
export interface CompletePayment {
  readonly type: 'CompletePayment';
  readonly data: {
    readonly pgTransactionId: string;
    readonly approvedAmountKrw: number;
    readonly approvedAt: string;
    readonly certificateVerified: boolean;
    /**
     * R23, for a repayment only: whether its original can still be cancelled once the views move
     * (the command side answers it from the original's stream and its day's settlement).
     */
    readonly originalCancellable?: boolean;
  };
}

/** The PG declined or errored (R7): recorded as FAILED with reason DECLINED and the PG's code. */
export interface FailPayment {
  readonly type: 'FailPayment';
  readonly data: { readonly code: string; readonly message: string };
}

/** R5, sent by the scheduled sweep: expires a REQUESTED transfer at or after its deadline. */
export interface ExpirePayment {
  readonly type: 'ExpirePayment';
  readonly data: Record<string, never>;
}

/** R5, the payer's "결제중" button: same rule as ExpirePayment; before the deadline it changes nothing. */
export interface RefreshPayment {
  readonly type: 'RefreshPayment';
  readonly data: Record<string, never>;
}

/** R8: the payer opens a paid judgment. */
export interface ViewJudgment {
  readonly type: 'ViewJudgment';
  readonly data: { readonly itemId: string };
}

/**
 * R9–R11, R19, R20: step 1 of a cancellation. On acceptance it records PaymentCancellationStarted
 * (결제취소중) and the decision names the PG cancellation to make, keyed by a fresh cancellation
 * id; the command side then sends RecordCancellationSuccess or RecordCancellationFailure with the
 * PG's answer. On a payment already CANCELLING it records nothing and names the cancellation in
 * flight, which the caller joins. There is no partial cancel (R9): no item ids here.
 */
export interface CancelPayment {
  readonly type: 'CancelPayment';
  readonly data: {
    /** Whether the settlement of the payment's completion day (`completedOn`) is closed (R10, R19). */
    readonly settlementClosed: boolean;
  };
}

/** Step 2a: the PG cancelled (its answer, or R21 its answer when asked by key). A fact. */
export interface RecordCancellationSuccess {
  readonly type: 'RecordCancellationSuccess';
  readonly data: { readonly cancellationId: string; readonly pgCancelTransactionId: string | null };
}

/**
 * Step 2b (R13): the PG refused, or (R21) has no record of the key: the payment is COMPLETED again
 * and the payer may cancel again.
 */
export interface RecordCancellationFailure {
  readonly type: 'RecordCancellationFailure';
  readonly data: {
    readonly cancellationId: string;
    readonly pgCode: string;
    readonly pgMessage: string;
  };
}

/**
 * R21, the reconciler's clock tick: the PG could not say what became of the cancellation. Past the
 * reconcilers' patience it records PaymentNeedsAttention; before, nothing.
 */
export interface RecordCancellationUnanswered {
  readonly type: 'RecordCancellationUnanswered';
  readonly data: { readonly cancellationId: string; readonly detail: string };
}

/** R22: the PG voided the approval. */
export interface RecordApprovalVoided {
  readonly type: 'RecordApprovalVoided';
  readonly data: { readonly pgTransactionId: string; readonly pgVoidId: string };
}

/**
 * R22: the PG refused the void or did not answer. Past the reconcilers' patience it records
 * PaymentNeedsAttention; before, nothing (the void is tried again).
 */
export interface RecordApprovalVoidUnsettled {
  readonly type: 'RecordApprovalVoidUnsettled';
  readonly data: {
    readonly pgTransactionId: string;
    readonly pgCode: string | null;
    readonly pgMessage: string | null;
  };
}

/** R22: an approval recorded as LatePaymentApprovalReceived before voids existed is voided too. */
export interface StartLegacyApprovalVoid {
  readonly type: 'StartLegacyApprovalVoid';
  readonly data: { readonly pgTransactionId: string };
}

/** R12, on the ORIGINAL payment once its repayment `toPaymentId` has completed. */
export interface TransferViews {
  readonly type: 'TransferViews';
  readonly data: { readonly toPaymentId: string; readonly itemIds: readonly string[] };
}
