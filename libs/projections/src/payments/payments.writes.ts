import { DateTime } from 'luxon';
import {
  businessDate,
  invariant,
  payerKeyOf,
  type JudgmentViewed,
  type JudgmentViewsTransferred,
  type LatePaymentApprovalReceived,
  type PaymentCancellationFailed,
  type PaymentCancellationStarted,
  type PaymentCancelled,
  type PaymentCompleted,
  type PaymentFailed,
  type PaymentRequested,
} from '@lib/ledger';
import type { ReadModelDatabase } from '../projection';

type Data<E extends { readonly data: unknown }> = E['data'];

const INSERT_PAYMENT = `
INSERT INTO payments (payment_id, revision, payer_type, payer_key, member_id, verification_id,
  phone_key, password_hash, status, method, card_issuer, auth_scheme, bank_code, amount_krw,
  requested_at, requested_at_ms, requested_on, expires_at, expires_at_ms, repayment_of, repayment_of_item_ids)
VALUES (@paymentId, @revision, @payerType, @payerKey, @memberId, @verificationId, @phoneKey,
  @passwordHash, 'REQUESTED', @method, @cardIssuer, @authScheme, @bankCode, @amountKrw,
  @requestedAt, @requestedAtMs, @requestedOn, @expiresAt, @expiresAtMs, @repaymentOf, @repaymentOfItemIds)
ON CONFLICT (payment_id) DO NOTHING`;

/** Every write of the payments projection, prepared once per connection. */
export class PaymentWrites {
  private readonly insertPayment;
  private readonly insertItem;
  private readonly advanceStmt;
  private readonly completeStmt;
  private readonly failStmt;
  private readonly viewStmt;
  private readonly transferViewStmt;
  private readonly cancelStmt;
  private readonly cancellationFailedStmt;
  private readonly lateApprovalStmt;
  private readonly cancellationStartedStmt;

  constructor(db: ReadModelDatabase) {
    this.insertPayment = db.prepare(INSERT_PAYMENT);
    this.insertItem = db.prepare(
      'INSERT INTO payment_items (payment_id, item_id, ordinal, court, case_number, fee_krw)' +
        ' VALUES (@paymentId, @itemId, @ordinal, @court, @caseNumber, @feeKrw)',
    );
    this.advanceStmt = db.prepare(
      'UPDATE payments SET revision = @revision WHERE payment_id = @paymentId AND revision < @revision',
    );
    this.completeStmt = db.prepare(
      `UPDATE payments SET status = 'COMPLETED', pg_transaction_id = @pgTransactionId,
        approved_at = @approvedAt, certificate_verified = @certificateVerified,
        completed_at = @completedAt, completed_on = @completedOn WHERE payment_id = @paymentId`,
    );
    this.failStmt = db.prepare(
      `UPDATE payments SET status = 'FAILED', failed_at = @failedAt, failure_reason = @reason,
        failure_code = @code, failure_message = @message,
        failure_pg_transaction_id = @pgTransactionId,
        failure_approved_amount_krw = @approvedAmountKrw WHERE payment_id = @paymentId`,
    );
    this.cancellationStartedStmt = db.prepare(
      `UPDATE payments SET status = 'CANCELLING', cancellation_id = @cancellationId,
        cancellation_started_at = @startedAt WHERE payment_id = @paymentId`,
    );
    this.viewStmt = db.prepare(
      'UPDATE payment_items SET viewed_at = @viewedAt WHERE payment_id = @paymentId AND item_id = @itemId',
    );
    this.transferViewStmt = db.prepare(
      'UPDATE payment_items SET viewed_at = NULL, view_transferred_to = @toPaymentId' +
        ' WHERE payment_id = @paymentId AND item_id = @itemId',
    );
    this.cancelStmt = db.prepare(
      `UPDATE payments SET status = 'CANCELLED', cancelled_at = @cancelledAt,
        pg_cancel_transaction_id = @pgCancelTransactionId WHERE payment_id = @paymentId`,
    );
    this.cancellationFailedStmt = db.prepare(
      `UPDATE payments SET status = 'COMPLETED', cancellation_id = NULL,
        cancellation_started_at = NULL,
        cancellation_failure_count = cancellation_failure_count + 1,
        last_cancellation_failure_code = @pgCode, last_cancellation_failure_message = @pgMessage,
        last_cancellation_failed_at = @failedAt WHERE payment_id = @paymentId`,
    );
    this.lateApprovalStmt = db.prepare(
      'UPDATE payments SET late_approval_count = late_approval_count + 1 WHERE payment_id = @paymentId',
    );
  }

  /** The first event of a payment; a payment already there (applied before) is left as it is. */
  requested(data: Data<PaymentRequested>, revision: bigint): void {
    const { payer, instrument, repaymentOf } = data;
    const { changes } = this.insertPayment.run({
      paymentId: data.paymentId,
      revision,
      payerType: payer.type,
      payerKey: payerKeyOf(payer),
      memberId: payer.type === 'MEMBER' ? payer.memberId : null,
      verificationId: payer.type === 'GUEST' ? payer.verificationId : null,
      phoneKey: payer.type === 'GUEST' ? payer.phoneKey : null,
      passwordHash: payer.type === 'GUEST' ? payer.passwordHash : null,
      method: instrument.method,
      cardIssuer: instrument.method === 'CARD' ? instrument.cardIssuer : null,
      authScheme: instrument.method === 'CARD' ? instrument.authScheme : null,
      bankCode: instrument.method === 'BANK_TRANSFER' ? instrument.bankCode : null,
      amountKrw: data.amountKrw,
      requestedAt: data.requestedAt,
      requestedAtMs: instantMs(data.requestedAt),
      requestedOn: businessDate(data.requestedAt),
      expiresAt: data.expiresAt,
      expiresAtMs: data.expiresAt === null ? null : instantMs(data.expiresAt),
      repaymentOf: repaymentOf?.paymentId ?? null,
      repaymentOfItemIds: repaymentOf === null ? null : JSON.stringify(repaymentOf.itemIds),
    });
    if (changes === 0) return;
    data.items.forEach((item, ordinal) => {
      this.insertItem.run({ paymentId: data.paymentId, ordinal, ...item });
    });
  }

  /**
   * Moves the payment to `revision`; false when it is already there (the event was applied) or
   * when the payment is not in the read model (pruned): then the event must change nothing.
   */
  advance(paymentId: string, revision: bigint): boolean {
    return this.advanceStmt.run({ paymentId, revision }).changes === 1;
  }

  completed(data: Data<PaymentCompleted>): void {
    const { paymentId, pgTransactionId, approvedAt, completedAt, completedOn } = data;
    const certificateVerified = data.certificateVerified ? 1 : 0;
    this.completeStmt.run({
      paymentId,
      pgTransactionId,
      approvedAt,
      certificateVerified,
      completedAt,
      completedOn,
    });
  }

  failed(data: Data<PaymentFailed>): void {
    const { paymentId, failedAt, reason, code, message, pgTransactionId, approvedAmountKrw } = data;
    this.failStmt.run({
      paymentId,
      failedAt,
      reason,
      code,
      message,
      pgTransactionId,
      approvedAmountKrw,
    });
  }

  cancellationStarted({
    paymentId,
    cancellationId,
    startedAt,
  }: Data<PaymentCancellationStarted>): void {
    this.cancellationStartedStmt.run({ paymentId, cancellationId, startedAt });
  }

  viewed({ paymentId, itemId, viewedAt }: Data<JudgmentViewed>): void {
    this.viewStmt.run({ paymentId, itemId, viewedAt });
  }

  viewsTransferred({ paymentId, toPaymentId, itemIds }: Data<JudgmentViewsTransferred>): void {
    for (const itemId of itemIds) this.transferViewStmt.run({ paymentId, itemId, toPaymentId });
  }

  cancelled({ paymentId, cancelledAt, pgCancelTransactionId }: Data<PaymentCancelled>): void {
    this.cancelStmt.run({ paymentId, cancelledAt, pgCancelTransactionId });
  }

  cancellationFailed({ paymentId, pgCode, pgMessage, failedAt }: Data<PaymentCancellationFailed>) {
    this.cancellationFailedStmt.run({ paymentId, pgCode, pgMessage, failedAt });
  }

  lateApproval({ paymentId }: Data<LatePaymentApprovalReceived>): void {
    this.lateApprovalStmt.run({ paymentId });
  }
}

/**
 * Epoch milliseconds of an instant as the events write it (ISO 8601 with its offset). Read in its
 * own offset: an instant needs no time zone, and skipping the zone lookup halves a rebuild.
 */
function instantMs(iso: string): number {
  const instant = DateTime.fromISO(iso, { setZone: true });
  invariant(instant.isValid, `Not an ISO 8601 instant: ${iso}`);
  return instant.toMillis();
}
