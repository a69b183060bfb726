import type { RecordedEvent } from '@lib/event-store';
import { InvariantViolation } from '@lib/ledger';

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
    throw new InvariantViolation(
      `${event.type} at ${event.streamId}@${event.revision} has no paymentId`,
    );
  }
  return paymentId;
}
