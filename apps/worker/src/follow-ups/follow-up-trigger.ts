import type { RecordedEvent } from '@lib/event-store';
import type { CommandMeta } from '../../../api/src/payments/shared/command-meta';

/** The outcomes after which PaymentFollowUps has something to do (R6 release, R12 transfer). */
const TRIGGER_TYPES: ReadonlySet<string> = new Set([
  'PaymentCompleted',
  'PaymentFailed',
  'PaymentCancelled',
]);

/** The payment whose outcome `event` records, when it is one the follow-ups react to. */
export function followUpTriggerOf(event: RecordedEvent): string | null {
  if (!TRIGGER_TYPES.has(event.type)) return null;
  const data = event.data;
  const paymentId =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? data.paymentId : undefined;
  // Payment events are written by the ledger alone; one without its id is a bug, not a skip.
  if (typeof paymentId !== 'string') {
    throw new Error(`${event.type} at ${event.streamId}@${event.revision} has no paymentId`);
  }
  return paymentId;
}

/** The follow-ups' events are caused by the outcome event and share its business flow. */
export function causeOf(event: RecordedEvent, by: string): CommandMeta {
  const correlationId = event.metadata.correlationId;
  return {
    actor: { role: 'system', id: by },
    correlationId: typeof correlationId === 'string' ? correlationId : event.id,
    causationId: event.id,
  };
}
