/**
 * The payment gateway (PG) as the ledger sees it. Approvals and declines arrive from the PG over
 * HTTP (the `complete` and `fail` routes); the ledger calls the PG to cancel an approved payment
 * (R20), to ask what became of a cancellation (R21) and to void an approval it refused (R22).
 * Every call that moves money is idempotent at the PG: a cancellation by its key (the ledger's
 * cancellation id), a void by the approval's PG transaction id.
 */

export interface CancelRequest {
  /** The idempotency key: the same key never refunds twice. */
  readonly cancellationId: string;
  readonly paymentId: string;
  readonly pgTransactionId: string;
  readonly amountKrw: number;
}

/** What the PG answered to a cancellation. */
export type CancelAnswer =
  | { readonly outcome: 'CANCELLED'; readonly pgCancelId: string }
  /** The PG said no; its code and message go to support (R13, FAQ II.6). */
  | { readonly outcome: 'REFUSED'; readonly pgCode: string; readonly pgMessage: string };

/** The answer, or no answer in time: then only the PG knows whether it refunded (R13, R21). */
export type CancelOutcome = CancelAnswer | { readonly outcome: 'UNKNOWN'; readonly detail: string };

/** What the PG knows of a cancellation key; asking fences the key (R21). */
export type CancellationStatus =
  | { readonly status: 'REFUNDED'; readonly pgCancelId: string }
  | { readonly status: 'REFUSED'; readonly pgCode: string; readonly pgMessage: string }
  /** The request never reached the PG; from now on a cancel with this key is refused. */
  | { readonly status: 'NO_RECORD' };

export interface VoidRequest {
  readonly pgTransactionId: string;
  readonly paymentId: string;
  readonly amountKrw: number;
}

export type VoidAnswer =
  | { readonly outcome: 'VOIDED'; readonly pgVoidId: string }
  | { readonly outcome: 'REFUSED'; readonly pgCode: string; readonly pgMessage: string };

export interface PaymentGateway {
  /** Rejects (or never settles) when the answer does not come: the outcome is then unknown. */
  cancel(request: CancelRequest): Promise<CancelAnswer>;
  /** Rejects when the PG cannot be asked. */
  cancellationStatus(cancellationId: string): Promise<CancellationStatus>;
  /** Rejects when the answer does not come; voiding again is safe (idempotent by transaction). */
  voidApproval(request: VoidRequest): Promise<VoidAnswer>;
}

export const PAYMENT_GATEWAY = Symbol('PaymentGateway');
