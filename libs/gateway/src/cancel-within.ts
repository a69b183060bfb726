import type { Scheduler } from '@lib/common';
import { LIMITS } from '@lib/limits';
import type { CancelOutcome, CancelRequest, PaymentGateway } from './payment-gateway.port';

/**
 * Asks the PG to cancel, answering TIMED_OUT if it has not answered within `deadlineMs` (real time
 * in production; LIMITS relates it to the leases) or if the call fails: in both cases the ledger
 * does not know of a cancellation, so the payment stays charged and the payer may retry (R13).
 */
export async function cancelWithin(
  gateway: PaymentGateway,
  request: CancelRequest,
  scheduler: Scheduler,
  deadlineMs: number = LIMITS.gateway.cancelDeadlineMs,
): Promise<CancelOutcome> {
  const answered = new AbortController();
  const deadline = scheduler.sleep(deadlineMs, answered.signal).then((): CancelOutcome => ({
    outcome: 'TIMED_OUT',
    pgCode: 'TIMEOUT',
    pgMessage: '결제대행사 응답 시간이 초과되었습니다.',
  }));
  try {
    return await Promise.race([gateway.cancel(request), deadline]);
  } catch {
    return {
      outcome: 'TIMED_OUT',
      pgCode: 'GATEWAY_ERROR',
      pgMessage: '결제대행사와 통신하지 못했습니다.',
    };
  } finally {
    answered.abort();
  }
}
