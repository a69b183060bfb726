import {
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
import { BusinessDays, instantMs } from '../instants';
import type { ReadModelDatabase } from '../projection';

type Data<E extends { readonly data: unknown }> = E['data'];

const INSERT_PAYMENT = `
INSERT INTO payments (payment_id, revision, payer_type, payer_key, member_id, verification_id,
  phone_key, password_hash, status, method, card_issuer, auth_scheme, bank_code, amount_krw,
  requested_at, requested_at_ms, requested_on, expires_at, expires_at_ms, repayment_of,
  repayment_of_item_ids)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (payment_id) DO NOTHING`;

/**
 * A later event of a payment: `SET revision = ?, <changes>` then this guard, so the parameters are
 * the revision, the changes in order, the payment id and the revision again.
 */
const NEWER = 'WHERE payment_id = ? AND revision < ?';

/**
 * Every write of the payments projection, prepared once per connection. Each later event of a
 * payment is one UPDATE that also moves `revision` on, guarded by it: a change that finds no row
 * (already applied, or the payment was pruned) changes nothing. Parameters are positional: binding
 * by name costs a property look-up per parameter, on every event of a rebuild.
 */
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
  private readonly days = new BusinessDays();

  constructor(db: ReadModelDatabase) {
    this.insertPayment = db.prepare(INSERT_PAYMENT);
    this.insertItem = db.prepare(
      'INSERT INTO payment_items (payment_id, item_id, ordinal, court, case_number, fee_krw)' +
        ' VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.advanceStmt = db.prepare(`UPDATE payments SET revision = ? ${NEWER}`);
    this.completeStmt = db.prepare(
      `UPDATE payments SET revision = ?, status = 'COMPLETED', pg_transaction_id = ?,
        approved_at = ?, certificate_verified = ?, completed_at = ?, completed_on = ? ${NEWER}`,
    );
    this.failStmt = db.prepare(
      `UPDATE payments SET revision = ?, status = 'FAILED', failed_at = ?, failure_reason = ?,
        failure_code = ?, failure_message = ?, failure_pg_transaction_id = ?,
        failure_approved_amount_krw = ? ${NEWER}`,
    );
    this.cancellationStartedStmt = db.prepare(
      `UPDATE payments SET revision = ?, status = 'CANCELLING', cancellation_id = ?,
        cancellation_started_at = ? ${NEWER}`,
    );
    this.viewStmt = db.prepare(
      'UPDATE payment_items SET viewed_at = ? WHERE payment_id = ? AND item_id = ?',
    );
    this.transferViewStmt = db.prepare(
      'UPDATE payment_items SET viewed_at = NULL, view_transferred_to = ?' +
        ' WHERE payment_id = ? AND item_id = ?',
    );
    this.cancelStmt = db.prepare(
      `UPDATE payments SET revision = ?, status = 'CANCELLED', cancelled_at = ?,
        pg_cancel_transaction_id = ? ${NEWER}`,
    );
    this.cancellationFailedStmt = db.prepare(
      `UPDATE payments SET revision = ?, status = 'COMPLETED', cancellation_id = NULL,
        cancellation_started_at = NULL,
        cancellation_failure_count = cancellation_failure_count + 1,
        last_cancellation_failure_code = ?, last_cancellation_failure_message = ?,
        last_cancellation_failed_at = ? ${NEWER}`,
    );
    this.lateApprovalStmt = db.prepare(
      `UPDATE payments SET revision = ?, late_approval_count = late_approval_count + 1 ${NEWER}`,
    );
  }

  /** The first event of a payment; a payment already there (applied before) is left as it is. */
  requested(data: Data<PaymentRequested>, revision: bigint): void {
    const { paymentId, payer, instrument, repaymentOf, expiresAt } = data;
    const member = payer.type === 'MEMBER' ? payer : null;
    const guest = payer.type === 'GUEST' ? payer : null;
    const card = instrument.method === 'CARD' ? instrument : null;
    const requestedAtMs = instantMs(data.requestedAt);
    const { changes } = this.insertPayment.run(
      paymentId,
      revision,
      payer.type,
      payerKeyOf(payer),
      member?.memberId ?? null,
      guest?.verificationId ?? null,
      guest?.phoneKey ?? null,
      guest?.passwordHash ?? null,
      instrument.method,
      card?.cardIssuer ?? null,
      card?.authScheme ?? null,
      instrument.method === 'BANK_TRANSFER' ? instrument.bankCode : null,
      data.amountKrw,
      data.requestedAt,
      requestedAtMs,
      this.days.dayOf(requestedAtMs),
      expiresAt,
      expiresAt === null ? null : instantMs(expiresAt),
      repaymentOf?.paymentId ?? null,
      repaymentOf === null ? null : JSON.stringify(repaymentOf.itemIds),
    );
    if (changes === 0) return;
    data.items.forEach(({ itemId, court, caseNumber, feeKrw }, ordinal) => {
      this.insertItem.run(paymentId, itemId, ordinal, court, caseNumber, feeKrw);
    });
  }

  /** An event that changes nothing the read model shows still moves the revision on. */
  advance(paymentId: string, revision: bigint): boolean {
    return this.advanceStmt.run(revision, paymentId, revision).changes === 1;
  }

  completed(data: Data<PaymentCompleted>, revision: bigint): void {
    const { paymentId, pgTransactionId, approvedAt, completedAt, completedOn } = data;
    const certificateVerified = data.certificateVerified ? 1 : 0;
    this.completeStmt.run(
      revision,
      pgTransactionId,
      approvedAt,
      certificateVerified,
      completedAt,
      completedOn,
      paymentId,
      revision,
    );
  }

  failed(data: Data<PaymentFailed>, revision: bigint): void {
    const { paymentId, failedAt, reason, code, message, pgTransactionId, approvedAmountKrw } = data;
    this.failStmt.run(
      revision,
      failedAt,
      reason,
      code,
      message,
      pgTransactionId,
      approvedAmountKrw,
      paymentId,
      revision,
    );
  }

  cancellationStarted(data: Data<PaymentCancellationStarted>, revision: bigint): void {
    const { paymentId, cancellationId, startedAt } = data;
    this.cancellationStartedStmt.run(revision, cancellationId, startedAt, paymentId, revision);
  }

  viewed({ paymentId, itemId, viewedAt }: Data<JudgmentViewed>, revision: bigint): void {
    if (this.advance(paymentId, revision)) this.viewStmt.run(viewedAt, paymentId, itemId);
  }

  viewsTransferred(data: Data<JudgmentViewsTransferred>, revision: bigint): void {
    const { paymentId, toPaymentId, itemIds } = data;
    if (!this.advance(paymentId, revision)) return;
    for (const itemId of itemIds) this.transferViewStmt.run(toPaymentId, paymentId, itemId);
  }

  cancelled(data: Data<PaymentCancelled>, revision: bigint): void {
    const { paymentId, cancelledAt, pgCancelTransactionId } = data;
    this.cancelStmt.run(revision, cancelledAt, pgCancelTransactionId, paymentId, revision);
  }

  cancellationFailed(data: Data<PaymentCancellationFailed>, revision: bigint): void {
    const { paymentId, pgCode, pgMessage, failedAt } = data;
    this.cancellationFailedStmt.run(revision, pgCode, pgMessage, failedAt, paymentId, revision);
  }

  lateApproval({ paymentId }: Data<LatePaymentApprovalReceived>, revision: bigint): void {
    this.lateApprovalStmt.run(revision, paymentId, revision);
  }
}
