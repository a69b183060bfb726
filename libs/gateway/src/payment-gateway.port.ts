/**
 * The payment gateway (PG) as the ledger sees it. Approvals and declines arrive from the PG over
 * HTTP (the `complete` and `fail` routes); the ledger calls the PG only to cancel an approved payment.
 */

export interface CancelRequest {
  readonly paymentId: string;
  readonly pgTransactionId: string;
  readonly amountKrw: number;
}

export type CancelOutcome =
  | { readonly outcome: 'CANCELLED'; readonly pgCancelId: string }
  /** The PG said no; its code and message go to support (R13, FAQ II.6). */
  | { readonly outcome: 'REFUSED'; readonly pgCode: string; readonly pgMessage: string }
  /** No answer in time: the cancellation is not known to have happened, so the payment stays charged. */
  | { readonly outcome: 'TIMED_OUT'; readonly pgCode: string; readonly pgMessage: string };

export interface PaymentGateway {
  cancel(request: CancelRequest): Promise<CancelOutcome>;
}

export const PAYMENT_GATEWAY = Symbol('PaymentGateway');
