import { cancelWithin } from './cancel-within';
import type { CancelOutcome, PaymentGateway } from './payment-gateway.port';

const request = { paymentId: 'p-1', pgTransactionId: 'pg-1', amountKrw: 1000 };

describe('R13 a cancellation the PG does not answer in time', () => {
  afterEach(() => jest.useRealTimers());

  it('is reported as TIMED_OUT once the deadline passes, so the payment stays charged', async () => {
    jest.useFakeTimers();
    const silent: PaymentGateway = { cancel: () => new Promise<CancelOutcome>(() => undefined) };
    const outcome = cancelWithin(silent, request, 30_000);
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(outcome).resolves.toMatchObject({ outcome: 'TIMED_OUT', pgCode: 'TIMEOUT' });
  });

  it("passes the PG's own answer through when it comes in time", async () => {
    const quick: PaymentGateway = {
      cancel: () => Promise.resolve({ outcome: 'CANCELLED', pgCancelId: 'c-1' }),
    };
    await expect(cancelWithin(quick, request, 30_000)).resolves.toEqual({
      outcome: 'CANCELLED',
      pgCancelId: 'c-1',
    });
  });

  it('treats a gateway that throws as a timeout', async () => {
    const broken: PaymentGateway = { cancel: () => Promise.reject(new Error('ECONNRESET')) };
    await expect(cancelWithin(broken, request, 30_000)).resolves.toMatchObject({
      outcome: 'TIMED_OUT',
      pgCode: 'GATEWAY_ERROR',
    });
  });
});
