import type { CancelOutcome, CancelRequest, PaymentGateway } from './payment-gateway.port';

/** Transaction-id prefixes that drive the sandbox, like a PG's test card numbers (DESIGN.md §6). */
export const SANDBOX_CANCEL_REFUSED_PREFIX = 'sandbox-cancel-refused';
export const SANDBOX_CANCEL_TIMEOUT_PREFIX = 'sandbox-cancel-timeout';

/**
 * The default gateway for development and tests. Its outcome is chosen by the approved payment's
 * `pgTransactionId`, so a test (or a person with curl) can drive every branch of R13 end to end.
 * A timeout is reported at once rather than waited for: what matters to the ledger is the outcome.
 */
export class SandboxPaymentGateway implements PaymentGateway {
  private cancelCount = 0;

  cancel(request: CancelRequest): Promise<CancelOutcome> {
    if (request.pgTransactionId.startsWith(SANDBOX_CANCEL_REFUSED_PREFIX)) {
      return Promise.resolve({
        outcome: 'REFUSED',
        pgCode: 'C001',
        pgMessage: '취소가 거절되었습니다 (sandbox)',
      });
    }
    if (request.pgTransactionId.startsWith(SANDBOX_CANCEL_TIMEOUT_PREFIX)) {
      return Promise.resolve({
        outcome: 'TIMED_OUT',
        pgCode: 'TIMEOUT',
        pgMessage: '결제대행사 응답 시간이 초과되었습니다 (sandbox)',
      });
    }
    this.cancelCount += 1;
    return Promise.resolve({
      outcome: 'CANCELLED',
      pgCancelId: `sandbox-cancel-${request.pgTransactionId}-${this.cancelCount}`,
    });
  }
}
