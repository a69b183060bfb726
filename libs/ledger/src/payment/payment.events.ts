import type { BusinessDate, IsoInstant } from '../business-time';
import type { Payer } from '../payer';
import type { BankCode, CardAuthScheme, CardIssuer } from '../payment-methods';

/**
 * Events of the payment stream `payment-<paymentId>` (DESIGN.md §4). Data is plain JSON: money is
 * an integer number of KRW, instants are ISO 8601 with offset, dates `yyyy-MM-dd` (KST).
 * Metadata (correlationId, causationId, actor, occurredAt, schemaVersion) is added by the command
 * side; `PAYMENT_EVENT_SCHEMA_VERSIONS` gives the schemaVersion to write. A stored type is never
 * renamed or changed: a new shape gets a new version and an upcaster.
 */
export type PaymentEvent =
  | PaymentRequested
  | PaymentCompleted
  | PaymentFailed
  | JudgmentViewed
  | JudgmentViewsTransferred
  | PaymentCancelled
  | PaymentCancellationFailed
  | LatePaymentApprovalReceived
  | PaymentCancellationStarted
  | PaymentApprovalVoidStarted
  | PaymentApprovalVoided
  | PaymentNeedsAttention;

export type PaymentEventType = PaymentEvent['type'];

export const PAYMENT_EVENT_SCHEMA_VERSIONS = {
  PaymentRequested: 1,
  PaymentCompleted: 1,
  PaymentFailed: 1,
  JudgmentViewed: 1,
  JudgmentViewsTransferred: 1,
  PaymentCancelled: 1,
  PaymentCancellationFailed: 1,
  LatePaymentApprovalReceived: 1,
  PaymentCancellationStarted: 1,
  PaymentApprovalVoidStarted: 1,
  PaymentApprovalVoided: 1,
  PaymentNeedsAttention: 1,
} as const satisfies Record<PaymentEventType, number>;

export const PAYMENT_EVENT_TYPES = Object.keys(PAYMENT_EVENT_SCHEMA_VERSIONS) as PaymentEventType[];

export function isPaymentEventType(type: string): type is PaymentEventType {
  return Object.prototype.hasOwnProperty.call(PAYMENT_EVENT_SCHEMA_VERSIONS, type);
}

/** How the payment is paid; the card's auth scheme is recorded as it was when the payment was made. */
export type PaymentInstrument =
  | {
      readonly method: 'CARD';
      readonly cardIssuer: CardIssuer;
      readonly authScheme: CardAuthScheme;
    }
  | { readonly method: 'BANK_TRANSFER'; readonly bankCode: BankCode };

export interface PaymentItemData {
  readonly itemId: string;
  readonly court: string;
  readonly caseNumber: string;
  readonly feeKrw: number;
}

/** R12: this payment repays the views of `itemIds` of payment `paymentId`; `itemIds[i]` ↔ `items[i]`. */
export interface RepaymentOf {
  readonly paymentId: string;
  readonly itemIds: readonly string[];
}

/** R4: a new payment, 결제준비. The guest's phone and password appear only as phoneKey/passwordHash. */
export interface PaymentRequested {
  readonly type: 'PaymentRequested';
  readonly data: {
    readonly paymentId: string;
    readonly payer: Payer;
    readonly instrument: PaymentInstrument;
    readonly items: readonly PaymentItemData[];
    readonly amountKrw: number;
    readonly currency: 'KRW';
    readonly requestedAt: IsoInstant;
    /** R5: bank transfers only; at this instant (inclusive) a REQUESTED transfer is expired. */
    readonly expiresAt: IsoInstant | null;
    readonly repaymentOf: RepaymentOf | null;
  };
}

/** R4: approved and charged. `completedAt` is the ledger's instant; it decides the business day. */
export interface PaymentCompleted {
  readonly type: 'PaymentCompleted';
  readonly data: {
    readonly paymentId: string;
    readonly pgTransactionId: string;
    /** Equals the payment's amount (R3a); repeated so settlement needs no other event. */
    readonly amountKrw: number;
    /** The PG's own approval instant, kept for reconciliation with the PG. */
    readonly approvedAt: IsoInstant;
    readonly certificateVerified: boolean;
    readonly completedAt: IsoInstant;
    /** The KST day the payment belongs to (R10, R18). */
    readonly completedOn: BusinessDate;
  };
}

export type FailureReason =
  | 'DECLINED'
  | 'EXPIRED'
  | 'CERTIFICATE_REQUIRED'
  | 'AMOUNT_MISMATCH'
  /** R23: a repayment whose original could no longer be cancelled when it completed. */
  | 'ORIGINAL_NOT_CANCELLABLE';

/**
 * 결제실패; nothing charged (R4). DECLINED carries the PG's code and message (R7); the others carry
 * the ledger's own code (= the reason) and Korean message. A refused PG approval (R3, R3a) keeps the
 * PG's transaction id and approved amount so the approval can be voided at the PG.
 */
export interface PaymentFailed {
  readonly type: 'PaymentFailed';
  readonly data: {
    readonly paymentId: string;
    readonly reason: FailureReason;
    readonly code: string;
    readonly message: string;
    readonly failedAt: IsoInstant;
    readonly pgTransactionId: string | null;
    readonly approvedAmountKrw: number | null;
  };
}

/** R8: the payer opened a paid judgment, or (R12) a repayment took over the original's view. */
export interface JudgmentViewed {
  readonly type: 'JudgmentViewed';
  readonly data: {
    readonly paymentId: string;
    readonly itemId: string;
    readonly viewedAt: IsoInstant;
    /** R12: set on a repayment's items when it completes; null for a view by the payer. */
    readonly transferredFrom: { readonly paymentId: string; readonly itemId: string } | null;
  };
}

/** R12, on the original payment: these items' views now belong to the repayment `toPaymentId`. */
export interface JudgmentViewsTransferred {
  readonly type: 'JudgmentViewsTransferred';
  readonly data: {
    readonly paymentId: string;
    readonly toPaymentId: string;
    readonly itemIds: readonly string[];
    readonly transferredAt: IsoInstant;
  };
}

/**
 * R20: the intent, recorded before the PG is called (결제취소중). `cancellationId` is the PG call's
 * idempotency key: every call and every question about this cancellation uses it.
 */
export interface PaymentCancellationStarted {
  readonly type: 'PaymentCancellationStarted';
  readonly data: {
    readonly paymentId: string;
    readonly cancellationId: string;
    readonly pgTransactionId: string;
    readonly amountKrw: number;
    readonly startedAt: IsoInstant;
    /** The settlement day this cancellation counts against. */
    readonly completedOn: BusinessDate;
  };
}

/** R9: the whole payment cancelled at the PG. */
export interface PaymentCancelled {
  readonly type: 'PaymentCancelled';
  readonly data: {
    readonly paymentId: string;
    /** R20: the cancellation it ends; absent on cancellations recorded before R20. */
    readonly cancellationId?: string;
    readonly amountKrw: number;
    readonly cancelledAt: IsoInstant;
    /** The KST day of completion, i.e. the settlement day this cancellation counts against (R18). */
    readonly completedOn: BusinessDate;
    readonly pgCancelTransactionId: string | null;
  };
}

/** R13: the PG refused (or, R21, never received it); the payment is COMPLETED again. */
export interface PaymentCancellationFailed {
  readonly type: 'PaymentCancellationFailed';
  readonly data: {
    readonly paymentId: string;
    /** R20: the cancellation it ends; absent on failures recorded before R20. */
    readonly cancellationId?: string;
    readonly pgCode: string;
    readonly pgMessage: string;
    readonly failedAt: IsoInstant;
  };
}

/**
 * A PG approval that arrived when the payment could no longer take it (already FAILED, e.g. expired;
 * CANCELLED; or COMPLETED under another PG transaction). Nothing is charged in the ledger; support
 * uses this record to find and void a possible real double charge (FAQ IV.2).
 */
export interface LatePaymentApprovalReceived {
  readonly type: 'LatePaymentApprovalReceived';
  readonly data: {
    readonly paymentId: string;
    readonly pgTransactionId: string;
    readonly approvedAmountKrw: number;
    readonly approvedAt: IsoInstant;
    readonly receivedAt: IsoInstant;
    readonly statusAtReceipt: 'COMPLETED' | 'FAILED' | 'CANCELLED';
  };
}

/** Why an approval the ledger will not keep is given back (R22, R23). */
export type VoidReason =
  'AMOUNT_MISMATCH' | 'CERTIFICATE_REQUIRED' | 'NOT_REQUESTED' | 'ORIGINAL_NOT_CANCELLABLE';

/**
 * R22: an approval that moved money at the PG but that the ledger refused; the intent to void it,
 * recorded with the refusal. The void is keyed by `pgTransactionId` at the PG.
 */
export interface PaymentApprovalVoidStarted {
  readonly type: 'PaymentApprovalVoidStarted';
  readonly data: {
    readonly paymentId: string;
    readonly pgTransactionId: string;
    readonly approvedAmountKrw: number;
    readonly approvedAt: IsoInstant;
    readonly reason: VoidReason;
    /** The payment's status when the approval arrived. */
    readonly statusAtReceipt: 'REQUESTED' | 'COMPLETED' | 'CANCELLING' | 'FAILED' | 'CANCELLED';
    readonly startedAt: IsoInstant;
  };
}

/** R22: the PG gave the approval back. */
export interface PaymentApprovalVoided {
  readonly type: 'PaymentApprovalVoided';
  readonly data: {
    readonly paymentId: string;
    readonly pgTransactionId: string;
    readonly pgVoidId: string;
    readonly voidedAt: IsoInstant;
  };
}

/** What a person must settle with the PG (R21, R22). */
export type AttentionSubject = 'CANCELLATION' | 'VOID';

/**
 * R21, R22: a reconciler gave up (the PG left a cancellation unanswered, or refused or never
 * answered a void) and the payment is listed for support at `GET /v1/support/attention`.
 */
export interface PaymentNeedsAttention {
  readonly type: 'PaymentNeedsAttention';
  readonly data: {
    readonly paymentId: string;
    readonly subject: AttentionSubject;
    /** The cancellation id (CANCELLATION) or the approval's PG transaction id (VOID). */
    readonly reference: string;
    readonly reason: string;
    readonly pgCode: string | null;
    readonly pgMessage: string | null;
    readonly since: IsoInstant;
  };
}
