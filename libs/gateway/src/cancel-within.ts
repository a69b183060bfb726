import type { CancelOutcome, CancelRequest, PaymentGateway } from './payment-gateway.port';

/**
 * How long the ledger waits for the PG to answer a cancellation. It must stay well below the leases
 * that hold the cancellation open elsewhere — the settlement reservation (120 s, ADR 0005) and the
 * idempotency key (60 s, ADR 0003) — so an answer can never arrive after either has lapsed.
 */
export const PG_CANCEL_DEADLINE_MS = 30_000;

/**
 * Asks the PG to cancel, answering TIMED_OUT if it has not answered within `deadlineMs` or if the
 * call fails: in both cases the ledger does not know of a cancellation, so the payment stays
 * charged and the payer may retry (R13).
 */
export async function cancelWithin(
  gateway: PaymentGateway,
  request: CancelRequest,
  deadlineMs: number = PG_CANCEL_DEADLINE_MS,
): Promise<CancelOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CancelOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          outcome: 'TIMED_OUT',
          pgCode: 'TIMEOUT',
          pgMessage: '결제대행사 응답 시간이 초과되었습니다.',
        }),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([gateway.cancel(request), deadline]);
  } catch {
    return {
      outcome: 'TIMED_OUT',
      pgCode: 'GATEWAY_ERROR',
      pgMessage: '결제대행사와 통신하지 못했습니다.',
    };
  } finally {
    clearTimeout(timer);
  }
}
