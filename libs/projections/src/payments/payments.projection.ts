import type { SlimEvent } from '@lib/event-store';
import { assertNever, PAYMENT_EVENT_TYPES, type PaymentEvent } from '@lib/ledger';
import { perConnection } from '../per-connection';
import type { Projection, ReadModelDatabase } from '../projection';
import { dropPayments, migratePayments } from './payments.schema';
import { PaymentWrites } from './payments.writes';

const writesFor = perConnection((db) => new PaymentWrites(db));

/** The payments read model: one row per payment and one per item (see payments.schema.ts). */
export const paymentsProjection: Projection = {
  name: 'payments',
  // 2: `expires_at_ms` and the due-expiry index (R5 sweep).
  // 3: CANCELLING (R20) and the refused approval of a failure (R22).
  version: 3,
  handles: PAYMENT_EVENT_TYPES,
  migrate: migratePayments,
  drop: dropPayments,
  apply(event: SlimEvent, tx: ReadModelDatabase): void {
    // The runner calls apply only for PAYMENT_EVENT_TYPES, whose data the ledger defines; the
    // recorded event is read as the ledger's (type, data) without copying it.
    applyPaymentEvent(writesFor(tx), event as unknown as PaymentEvent, event.revision);
  },
};

function applyPaymentEvent(writes: PaymentWrites, event: PaymentEvent, revision: bigint): void {
  switch (event.type) {
    case 'PaymentRequested':
      return writes.requested(event.data, revision);
    case 'PaymentCompleted':
      return writes.completed(event.data, revision);
    case 'PaymentFailed':
      return writes.failed(event.data, revision);
    case 'JudgmentViewed':
      return writes.viewed(event.data, revision);
    case 'JudgmentViewsTransferred':
      return writes.viewsTransferred(event.data, revision);
    case 'PaymentCancelled':
      return writes.cancelled(event.data, revision);
    case 'PaymentCancellationFailed':
      return writes.cancellationFailed(event.data, revision);
    case 'LatePaymentApprovalReceived':
      return writes.lateApproval(event.data, revision);
    case 'PaymentCancellationStarted':
      return writes.cancellationStarted(event.data, revision);
    case 'PaymentApprovalVoidStarted':
    case 'PaymentApprovalVoided':
    case 'PaymentNeedsAttention':
      // The processes projection keeps these; the payment only moves to their revision.
      writes.advance(event.data.paymentId, revision);
      return;
    default:
      return assertNever(event, 'payment event');
  }
}
