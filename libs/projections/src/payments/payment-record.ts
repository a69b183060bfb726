import {
  invariant,
  type BankCode,
  type BusinessDate,
  type CancellationFailure,
  type CardAuthScheme,
  type CardIssuer,
  type Completion,
  type Failure,
  type FailureReason,
  type IsoInstant,
  type Payer,
  type PaymentInstrument,
  type PaymentItem,
  type PaymentStatus,
  type RepaymentOf,
} from '@lib/ledger';

/** A payment as the read model holds it, in the ledger's own types where they fit. */
export interface PaymentRecord {
  readonly paymentId: string;
  readonly status: PaymentStatus;
  readonly payer: Payer;
  /** `payerKeyOf(payer)`: `member-<memberId>` or `guest-<verificationId>`. */
  readonly payerKey: string;
  readonly instrument: PaymentInstrument;
  readonly amountKrw: number;
  readonly items: readonly PaymentItem[];
  readonly requestedAt: IsoInstant;
  readonly requestedOn: BusinessDate;
  readonly expiresAt: IsoInstant | null;
  readonly repaymentOf: RepaymentOf | null;
  readonly completion: Completion | null;
  readonly failure: Failure | null;
  readonly cancelledAt: IsoInstant | null;
  readonly pgCancelTransactionId: string | null;
  /** R20: the cancellation in flight while CANCELLING. */
  readonly cancellation: { readonly cancellationId: string; readonly startedAt: IsoInstant } | null;
  /** R13: how many PG cancellations failed, and the last one (support reads the stream for all). */
  readonly cancellationFailures: {
    readonly count: number;
    readonly last: CancellationFailure | null;
  };
  /** PG approvals that arrived after the payment's outcome (support voids them at the PG). */
  readonly lateApprovalCount: number;
}

/** A row of `payments`, as SQLite returns it. */
export interface PaymentRow {
  readonly payment_id: string;
  readonly revision: number;
  readonly payer_type: string;
  readonly payer_key: string;
  readonly member_id: string | null;
  readonly verification_id: string | null;
  readonly phone_key: string | null;
  readonly password_hash: string | null;
  readonly status: string;
  readonly method: string;
  readonly card_issuer: string | null;
  readonly auth_scheme: string | null;
  readonly bank_code: string | null;
  readonly amount_krw: number;
  readonly requested_at: string;
  readonly requested_at_ms: number;
  readonly requested_on: string;
  readonly expires_at: string | null;
  readonly repayment_of: string | null;
  readonly repayment_of_item_ids: string | null;
  readonly pg_transaction_id: string | null;
  readonly approved_at: string | null;
  readonly certificate_verified: number | null;
  readonly completed_at: string | null;
  readonly completed_on: string | null;
  readonly failed_at: string | null;
  readonly failure_reason: string | null;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly cancelled_at: string | null;
  readonly pg_cancel_transaction_id: string | null;
  readonly cancellation_failure_count: number;
  readonly last_cancellation_failure_code: string | null;
  readonly last_cancellation_failure_message: string | null;
  readonly last_cancellation_failed_at: string | null;
  readonly late_approval_count: number;
  readonly cancellation_id: string | null;
  readonly cancellation_started_at: string | null;
  readonly failure_pg_transaction_id: string | null;
  readonly failure_approved_amount_krw: number | null;
}

export interface ItemRow {
  readonly payment_id: string;
  readonly item_id: string;
  readonly ordinal: number;
  readonly court: string;
  readonly case_number: string;
  readonly fee_krw: number;
  readonly viewed_at: string | null;
  readonly view_transferred_to: string | null;
}

/**
 * Rows back to typed values. The casts trust the table: only the projection writes it, from
 * events the ledger validated. A row that breaks the shape is a bug and fails loudly.
 */
export function toPaymentRecord(row: PaymentRow, items: readonly ItemRow[]): PaymentRecord {
  return {
    paymentId: row.payment_id,
    status: row.status as PaymentStatus,
    payer: payerOf(row),
    payerKey: row.payer_key,
    instrument: instrumentOf(row),
    amountKrw: row.amount_krw,
    items: items.map(toPaymentItem),
    requestedAt: row.requested_at,
    requestedOn: row.requested_on,
    expiresAt: row.expires_at,
    repaymentOf:
      row.repayment_of === null
        ? null
        : { paymentId: row.repayment_of, itemIds: parseIds(row.repayment_of_item_ids) },
    completion: completionOf(row),
    failure: failureOf(row),
    cancelledAt: row.cancelled_at,
    pgCancelTransactionId: row.pg_cancel_transaction_id,
    cancellation:
      row.status !== 'CANCELLING' ||
      row.cancellation_id === null ||
      row.cancellation_started_at === null
        ? null
        : { cancellationId: row.cancellation_id, startedAt: row.cancellation_started_at },
    cancellationFailures: {
      count: row.cancellation_failure_count,
      last: lastCancellationFailureOf(row),
    },
    lateApprovalCount: row.late_approval_count,
  };
}

function payerOf(row: PaymentRow): Payer {
  if (row.payer_type === 'MEMBER' && row.member_id !== null) {
    return { type: 'MEMBER', memberId: row.member_id };
  }
  const { verification_id: verificationId, phone_key: phoneKey, password_hash: hash } = row;
  invariant(
    row.payer_type === 'GUEST' && verificationId !== null && phoneKey !== null && hash !== null,
    `Payment ${row.payment_id} has no well-formed payer`,
  );
  return { type: 'GUEST', verificationId, phoneKey, passwordHash: hash };
}

function instrumentOf(row: PaymentRow): PaymentInstrument {
  if (row.method === 'BANK_TRANSFER' && row.bank_code !== null) {
    return { method: 'BANK_TRANSFER', bankCode: row.bank_code as BankCode };
  }
  invariant(
    row.method === 'CARD' && row.card_issuer !== null && row.auth_scheme !== null,
    `Payment ${row.payment_id} has no well-formed instrument`,
  );
  return {
    method: 'CARD',
    cardIssuer: row.card_issuer as CardIssuer,
    authScheme: row.auth_scheme as CardAuthScheme,
  };
}

function completionOf(row: PaymentRow): Completion | null {
  const { pg_transaction_id: pgTransactionId, approved_at: approvedAt } = row;
  const { completed_at: completedAt, completed_on: completedOn } = row;
  if (completedAt === null) return null;
  invariant(
    pgTransactionId !== null && approvedAt !== null && completedOn !== null,
    `Payment ${row.payment_id} has a partial completion`,
  );
  const certificateVerified = row.certificate_verified === 1;
  return { pgTransactionId, approvedAt, certificateVerified, completedAt, completedOn };
}

function failureOf(row: PaymentRow): Failure | null {
  const { failed_at: failedAt, failure_reason: reason } = row;
  const { failure_code: code, failure_message: message } = row;
  if (failedAt === null) return null;
  invariant(
    reason !== null && code !== null && message !== null,
    `Payment ${row.payment_id} has a partial failure`,
  );
  return {
    reason: reason as FailureReason,
    code,
    message,
    failedAt,
    pgTransactionId: row.failure_pg_transaction_id,
    approvedAmountKrw: row.failure_approved_amount_krw,
  };
}

function lastCancellationFailureOf(row: PaymentRow): CancellationFailure | null {
  const { last_cancellation_failure_code: pgCode } = row;
  const { last_cancellation_failure_message: pgMessage } = row;
  const { last_cancellation_failed_at: failedAt } = row;
  if (pgCode === null || pgMessage === null || failedAt === null) return null;
  return { cancellationId: null, pgCode, pgMessage, failedAt };
}

function toPaymentItem(row: ItemRow): PaymentItem {
  return {
    itemId: row.item_id,
    court: row.court,
    caseNumber: row.case_number,
    feeKrw: row.fee_krw,
    viewedAt: row.viewed_at,
    viewTransferredTo: row.view_transferred_to,
  };
}

function parseIds(json: string | null): string[] {
  const ids: unknown = JSON.parse(json ?? 'null');
  invariant(
    Array.isArray(ids) && ids.every((id) => typeof id === 'string'),
    'repayment_of_item_ids must be a JSON list of ids',
  );
  return ids;
}
