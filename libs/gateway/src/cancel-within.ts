import type { Scheduler } from '@lib/common';
import { LIMITS } from '@lib/limits';
import type { CancelOutcome, CancelRequest, PaymentGateway } from './payment-gateway.port';

/**
 * Asks the PG to cancel, answering UNKNOWN if it has not answered within `deadlineMs` (real time
 * in production; LIMITS relates it to the leases) or if the call fails: the PG may or may not
 * have refunded, so the payment stays CANCELLING until the reconciler asks by key (R13, R21).
 */
export async function cancelWithin(
  gateway: PaymentGateway,
  request: CancelRequest,
  scheduler: Scheduler,
  deadlineMs: number = LIMITS.gateway.cancelDeadlineMs,
): Promise<CancelOutcome> {
  const answered = new AbortController();
  const deadline = scheduler
    .sleep(deadlineMs, answered.signal)
    .then((): CancelOutcome => ({ outcome: 'UNKNOWN', detail: 'The PG did not answer in time' }));
  try {
    return await Promise.race([gateway.cancel(request), deadline]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'The PG call failed';
    return { outcome: 'UNKNOWN', detail: detail.slice(0, 200) };
  } finally {
    answered.abort();
  }
}
