/**
 * The PG and the ledger never disagree about money (DESIGN.md R20–R22): the sandbox PG's own books
 * (its SQLite file) against the log's fold, after every kill and once more when the run settled.
 */
import { codeOf } from './chaos-http';
import type { SandboxBooks } from './chaos-data-folder';
import type { FoldedPayment, LedgerPicture } from './chaos-ledger-picture';
import type { ChaosModel, Command } from './chaos-model';

/** Refusals of an approval after which the ledger gives the money back (R3, R3a, R22, R23). */
const VOIDING_REFUSALS = new Set([
  'AMOUNT_MISMATCH',
  'CERTIFICATE_REQUIRED',
  'NOT_REQUESTED',
  'ORIGINAL_NOT_CANCELLABLE',
]);

/** What the ledger holds of a payment's money: its amount while completed, else nothing. */
function ledgerHolds(payment: FoldedPayment): number {
  const { state } = payment;
  return state.status === 'COMPLETED' || state.status === 'CANCELLING' ? state.amountKrw : 0;
}

/** Still moving with the PG: a cancellation or a void not settled yet, or left to a person. */
function inFlight(payment: FoldedPayment): boolean {
  const { state } = payment;
  if (payment.attention || state.status === 'CANCELLING') return true;
  return 'voids' in state && state.voids.some((each) => each.voidedAt === null);
}

/**
 * R20–R22: every refund at the PG belongs to a cancellation the ledger started, is never made
 * twice, and ends the payment CANCELLED (or leaves it CANCELLING or listed for support); every
 * cancelled payment was refunded once; every void was started by the ledger and never gives back
 * the approval the payment kept; and, per payment, the money the PG holds equals the ledger's.
 */
export function pgAgreesWithLedger(
  model: ChaosModel,
  picture: LedgerPicture,
  books: SandboxBooks,
  settled: boolean,
): void {
  const refundsByApproval = new Map<string, string[]>();
  for (const refund of books.refunds) {
    refundsByApproval.set(refund.pgTransactionId, [
      ...(refundsByApproval.get(refund.pgTransactionId) ?? []),
      refund.cancellationId,
    ]);
    const payment = picture.payments.get(refund.paymentId);
    const state = payment?.state;
    if (payment === undefined || !payment.cancellationsStarted.has(refund.cancellationId)) {
      model.fail(
        'R20 no refund without a cancellation',
        `the PG refunded ${refund.pgTransactionId} under ${refund.cancellationId}, which the ` +
          `ledger never started`,
        refund.cancellationId,
      );
      continue;
    }
    const ends =
      state?.status === 'CANCELLED' ||
      (state?.status === 'CANCELLING' &&
        state.cancellation.cancellationId === refund.cancellationId) ||
      payment.attention;
    if (!ends) {
      model.fail(
        'R21 PG and ledger agree',
        `the PG refunded ${refund.pgTransactionId} (cancellation ${refund.cancellationId}) but ` +
          `payment ${refund.paymentId} is ${state?.status}`,
        refund.cancellationId,
      );
    }
  }
  for (const [pgTransactionId, refunds] of refundsByApproval) {
    if (refunds.length > 1) {
      model.fail(
        'duplicated',
        `the PG refunded ${pgTransactionId} ${refunds.length} times (${refunds.join(', ')})`,
        `refund ${pgTransactionId}`,
      );
    }
  }
  for (const payment of picture.payments.values()) {
    const { state } = payment;
    if (state.status !== 'CANCELLED') continue;
    const refunds = refundsByApproval.get(state.completion.pgTransactionId) ?? [];
    if (refunds.length === 0) {
      model.fail(
        'R21 PG and ledger agree',
        `payment ${payment.paymentId} is CANCELLED but the PG never refunded ` +
          state.completion.pgTransactionId,
        `cancelled ${payment.paymentId}`,
      );
    }
  }
  const voided = new Set(books.voids.map((each) => each.pgTransactionId));
  for (const each of books.voids) {
    const payment = picture.payments.get(each.paymentId);
    const state = payment?.state;
    if (payment === undefined || !payment.voidsStarted.has(each.pgTransactionId)) {
      model.fail(
        'R22 no void without its intent',
        `the PG voided ${each.pgTransactionId}, which the ledger never set out to void`,
        `void ${each.pgTransactionId}`,
      );
    } else if (state !== undefined && 'completion' in state) {
      if (state.completion.pgTransactionId === each.pgTransactionId) {
        model.fail(
          'R22 the kept approval is never voided',
          `the PG voided ${each.pgTransactionId}, the approval payment ${each.paymentId} kept`,
          `void ${each.pgTransactionId}`,
        );
      }
    }
  }
  for (const payment of picture.payments.values()) {
    const { state } = payment;
    if (!('voids' in state)) continue;
    for (const each of state.voids) {
      if (each.voidedAt !== null && !voided.has(each.pgTransactionId)) {
        model.fail(
          'R22 PG and ledger agree',
          `the ledger recorded ${each.pgTransactionId} voided; the PG did not void it`,
          `void ${each.pgTransactionId}`,
        );
      }
    }
  }
  moneyAgrees(model, picture, books, settled);
}

/**
 * Per payment, the PG's net (approvals it captured less refunds and voids) equals what the ledger
 * holds, for every payment not still moving with the PG; once the run has settled, nothing may be
 * moving but what a person was asked to settle.
 */
function moneyAgrees(
  model: ChaosModel,
  picture: LedgerPicture,
  books: SandboxBooks,
  settled: boolean,
): void {
  const completes = new Map<string, Command[]>();
  for (const command of model.commands) {
    if (command.op !== 'complete') continue;
    const id = (command.body as { pgTransactionId: string }).pgTransactionId;
    completes.set(id, [...(completes.get(id) ?? []), command]);
  }
  const atPg = new Map<string, number>();
  const add = (paymentId: string, amount: number) =>
    atPg.set(paymentId, (atPg.get(paymentId) ?? 0) + amount);
  /** Payments with an approval whose fate is not known yet: checked after its retry. */
  const waiting = new Set<string>();
  for (const approval of model.approvals.values()) {
    const sent = completes.get(approval.pgTransactionId) ?? [];
    if (sent.some((command) => command.pending)) {
      waiting.add(approval.paymentId);
      continue;
    }
    add(approval.paymentId, approval.amount);
    const payment = picture.payments.get(approval.paymentId);
    const state = payment?.state;
    const kept = state !== undefined && 'completion' in state && state.completion.pgTransactionId;
    if (kept === approval.pgTransactionId || payment?.voidsStarted.has(approval.pgTransactionId)) {
      continue;
    }
    const answers = sent.flatMap((command) => command.answers);
    const refusedToVoid = answers.some((answer) => VOIDING_REFUSALS.has(codeOf(answer)));
    model.fail(
      refusedToVoid ? 'R22 a refused approval is given back' : 'approval answered',
      `the PG captured ${approval.amount} for payment ${approval.paymentId} ` +
        `(${approval.pgTransactionId}); the ledger neither kept nor voided it (answers: ` +
        `${answers.map((answer) => `${answer.status} ${codeOf(answer)}`).join(', ')})`,
      `approval ${approval.pgTransactionId}`,
    );
  }
  for (const refund of books.refunds) add(refund.paymentId, -refund.amount);
  for (const each of books.voids) add(each.paymentId, -each.amount);
  for (const payment of picture.payments.values()) {
    const pg = atPg.get(payment.paymentId) ?? 0;
    const ledger = ledgerHolds(payment);
    const moving = inFlight(payment);
    if (moving && settled && !payment.attention) {
      model.fail(
        'R21 nothing left in flight',
        `payment ${payment.paymentId} is still ${payment.state.status} with an unsettled ` +
          'cancellation or void after the run settled, and no one was told',
        `in flight ${payment.paymentId}`,
      );
    }
    if (moving || waiting.has(payment.paymentId) || pg === ledger) continue;
    model.fail(
      'money: PG and ledger agree',
      `payment ${payment.paymentId} (${payment.state.status}): the ledger holds ${ledger} KRW, ` +
        `the PG ${pg} KRW`,
      `money ${payment.paymentId}`,
    );
  }
}
