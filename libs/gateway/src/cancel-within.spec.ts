import { ManualScheduler } from '@lib/common';
import { cancelWithin } from './cancel-within';
import type { CancelOutcome, PaymentGateway } from './payment-gateway.port';

const request = { paymentId: 'p-1', pgTransactionId: 'pg-1', amountKrw: 1000 };

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('R13 a cancellation the PG does not answer in time', () => {
  it('is reported as TIMED_OUT once the deadline passes, so the payment stays charged', async () => {
    const scheduler = new ManualScheduler();
    const silent: PaymentGateway = { cancel: () => new Promise<CancelOutcome>(() => undefined) };
    let outcome: CancelOutcome | undefined;
    void cancelWithin(silent, request, scheduler, 30_000).then((answer) => (outcome = answer));
    scheduler.advance(29_999);
    await settled();
    expect(outcome).toBeUndefined();
    scheduler.advance(1);
    await settled();
    expect(outcome).toMatchObject({ outcome: 'TIMED_OUT', pgCode: 'TIMEOUT' });
  });

  it("passes the PG's own answer through when it comes in time, and stops waiting", async () => {
    const scheduler = new ManualScheduler();
    const quick: PaymentGateway = {
      cancel: () => Promise.resolve({ outcome: 'CANCELLED', pgCancelId: 'c-1' }),
    };
    await expect(cancelWithin(quick, request, scheduler, 30_000)).resolves.toEqual({
      outcome: 'CANCELLED',
      pgCancelId: 'c-1',
    });
    expect(scheduler.pending).toBe(0);
  });

  it('treats a gateway that throws as a timeout', async () => {
    const broken: PaymentGateway = { cancel: () => Promise.reject(new Error('ECONNRESET')) };
    await expect(
      cancelWithin(broken, request, new ManualScheduler(), 30_000),
    ).resolves.toMatchObject({ outcome: 'TIMED_OUT', pgCode: 'GATEWAY_ERROR' });
  });
});
