import type { SlimEvent } from '@lib/event-store';
import type { PaymentEvent } from '@lib/ledger';
import { instantMs as ms } from '../instants';
import { perConnection } from '../per-connection';
import type { Projection, ReadModelDatabase } from '../projection';
import { dropProcesses, migrateProcesses } from './processes.schema';

const HANDLED = [
  'PaymentCancellationStarted',
  'PaymentCancelled',
  'PaymentCancellationFailed',
  'PaymentFailed',
  'LatePaymentApprovalReceived',
  'PaymentApprovalVoidStarted',
  'PaymentApprovalVoided',
  'PaymentNeedsAttention',
] as const satisfies readonly PaymentEvent['type'][];

type Handled = Extract<PaymentEvent, { type: (typeof HANDLED)[number] }>;

const statementsFor = perConnection((db: ReadModelDatabase) => ({
  startCancellation: db.prepare(
    'INSERT OR REPLACE INTO pending_cancellations (payment_id, cancellation_id, started_at_ms)' +
      ' VALUES (@paymentId, @cancellationId, @startedAtMs)',
  ),
  endCancellation: db.prepare('DELETE FROM pending_cancellations WHERE payment_id = @paymentId'),
  toVoid: db.prepare(
    'INSERT OR IGNORE INTO approvals_to_void (payment_id, pg_transaction_id)' +
      ' VALUES (@paymentId, @pgTransactionId)',
  ),
  startVoid: db.prepare(
    'INSERT OR IGNORE INTO pending_voids (payment_id, pg_transaction_id, started_at_ms)' +
      ' VALUES (@paymentId, @pgTransactionId, @startedAtMs)',
  ),
  voidStarted: db.prepare(
    'DELETE FROM approvals_to_void WHERE payment_id = @paymentId AND pg_transaction_id = @pgTransactionId',
  ),
  endVoid: db.prepare(
    'DELETE FROM pending_voids WHERE payment_id = @paymentId AND pg_transaction_id = @pgTransactionId',
  ),
  needsAttention: db.prepare(
    'INSERT OR REPLACE INTO attention' +
      ' (payment_id, subject, reference, reason, pg_code, pg_message, since, since_ms)' +
      ' VALUES (@paymentId, @subject, @reference, @reason, @pgCode, @pgMessage, @since, @sinceMs)',
  ),
  attended: db.prepare(
    'DELETE FROM attention WHERE payment_id = @paymentId AND subject = @subject AND reference = @reference',
  ),
}));

/** The reconcilers' and support's lists (see processes.schema.ts). */
export const processesProjection: Projection = {
  name: 'processes',
  version: 1,
  handles: HANDLED,
  migrate: migrateProcesses,
  drop: dropProcesses,
  apply(event: SlimEvent, tx: ReadModelDatabase): void {
    // The runner calls apply only for HANDLED types: the recorded event is read as the ledger's.
    applyProcessEvent(statementsFor(tx), event as unknown as Handled);
  },
};

function applyProcessEvent(sql: ReturnType<typeof statementsFor>, event: Handled): void {
  const { paymentId } = event.data;
  switch (event.type) {
    case 'PaymentCancellationStarted': {
      const { cancellationId, startedAt } = event.data;
      sql.startCancellation.run({ paymentId, cancellationId, startedAtMs: ms(startedAt) });
      return;
    }
    case 'PaymentCancelled':
    case 'PaymentCancellationFailed': {
      sql.endCancellation.run({ paymentId });
      const { cancellationId } = event.data;
      if (cancellationId !== undefined) {
        sql.attended.run({ paymentId, subject: 'CANCELLATION', reference: cancellationId });
      }
      return;
    }
    case 'PaymentFailed':
      // A refused approval moved money at the PG; from R22 on its void starts in the same append.
      if (event.data.pgTransactionId !== null) {
        sql.toVoid.run({ paymentId, pgTransactionId: event.data.pgTransactionId });
      }
      return;
    case 'LatePaymentApprovalReceived':
      sql.toVoid.run({ paymentId, pgTransactionId: event.data.pgTransactionId });
      return;
    case 'PaymentApprovalVoidStarted': {
      const { pgTransactionId, startedAt } = event.data;
      sql.voidStarted.run({ paymentId, pgTransactionId });
      sql.startVoid.run({ paymentId, pgTransactionId, startedAtMs: ms(startedAt) });
      return;
    }
    case 'PaymentApprovalVoided': {
      const { pgTransactionId } = event.data;
      sql.endVoid.run({ paymentId, pgTransactionId });
      sql.attended.run({ paymentId, subject: 'VOID', reference: pgTransactionId });
      return;
    }
    case 'PaymentNeedsAttention': {
      const { subject, reference, reason, pgCode, pgMessage, since } = event.data;
      sql.needsAttention.run({
        paymentId,
        subject,
        reference,
        reason,
        pgCode,
        pgMessage,
        since,
        sinceMs: ms(since),
      });
      return;
    }
  }
}
