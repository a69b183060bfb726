import type { SlimEvent } from '@lib/event-store';
import type { PaymentRequested } from '@lib/ledger';
import { instantMs } from '../instants';
import { perConnection } from '../per-connection';
import type { Projection, ReadModelDatabase } from '../projection';
import { dropMemberPaymentIndex, migrateMemberPaymentIndex } from './member-payment-index.schema';

const statementsFor = perConnection((db: ReadModelDatabase) => ({
  insert: db.prepare(
    'INSERT OR IGNORE INTO member_payment_index' +
      ' (member_id, requested_at_ms, payment_id, recorded_at_ms)' +
      ' VALUES (@memberId, @requestedAtMs, @paymentId, @recordedAtMs)',
  ),
}));

/** A member's payments and when each request was recorded (see member-payment-index.schema.ts). */
export const memberPaymentIndexProjection: Projection = {
  name: 'member-payment-index',
  version: 1,
  handles: ['PaymentRequested'] satisfies PaymentRequested['type'][],
  migrate: migrateMemberPaymentIndex,
  drop: dropMemberPaymentIndex,
  apply(event: SlimEvent, tx: ReadModelDatabase): void {
    // The runner calls apply only for PaymentRequested, whose data the ledger defines.
    const { payer, paymentId, requestedAt } = event.data as unknown as PaymentRequested['data'];
    if (payer.type !== 'MEMBER') return;
    statementsFor(tx).insert.run({
      memberId: payer.memberId,
      requestedAtMs: instantMs(requestedAt),
      paymentId,
      recordedAtMs: event.created.getTime(),
    });
  },
};
