import type { RecordedEvent } from '@lib/event-store';
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
  apply(event: RecordedEvent, tx: ReadModelDatabase): void {
    // The runner calls apply only for PAYMENT_EVENT_TYPES, whose data the ledger defines.
    const paymentEvent = { type: event.type, data: event.data } as PaymentEvent;
    applyPaymentEvent(writesFor(tx), paymentEvent, event.revision);
  },
};

function applyPaymentEvent(writes: PaymentWrites, event: PaymentEvent, revision: bigint): void {
  if (event.type === 'PaymentRequested') return writes.requested(event.data, revision);
  if (!writes.advance(event.data.paymentId, revision)) return;
  switch (event.type) {
    case 'PaymentCompleted':
      return writes.completed(event.data);
    case 'PaymentFailed':
      return writes.failed(event.data);
    case 'JudgmentViewed':
      return writes.viewed(event.data);
    case 'JudgmentViewsTransferred':
      return writes.viewsTransferred(event.data);
    case 'PaymentCancelled':
      return writes.cancelled(event.data);
    case 'PaymentCancellationFailed':
      return writes.cancellationFailed(event.data);
    case 'LatePaymentApprovalReceived':
      return writes.lateApproval(event.data);
    case 'PaymentCancellationStarted':
      return writes.cancellationStarted(event.data);
    case 'PaymentApprovalVoidStarted':
    case 'PaymentApprovalVoided':
    case 'PaymentNeedsAttention':
      return; // the processes projection keeps these
    default:
      return assertNever(event, 'payment event');
  }
}
