import { ManualScheduler } from '@lib/common';
import { cancelWithin } from './cancel-within';
import type { CancelAnswer, CancelOutcome, PaymentGateway } from './payment-gateway.port';

const request = {
  cancellationId: 'c-1',
  paymentId: 'p-1',
  pgTransactionId: 'pg-1',
  amountKrw: 1000,
};

/** A gateway whose cancel answers as `cancel` says; the other calls are not used here. */
function gatewayWith(cancel: () => Promise<CancelAnswer>): PaymentGateway {
  return {
    cancel,
    cancellationStatus: () => Promise.reject(new Error('not used')),
    voidApproval: () => Promise.reject(new Error('not used')),
  };
}

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

describe('R13, R21 a cancellation the PG does not answer in time', () => {
  it('is UNKNOWN once the deadline passes: only the PG knows whether it refunded', async () => {
    const scheduler = new ManualScheduler();
    const silent = gatewayWith(() => new Promise<CancelAnswer>(() => undefined));
    let outcome: CancelOutcome | undefined;
    void cancelWithin(silent, request, scheduler, 30_000).then((answer) => (outcome = answer));
    scheduler.advance(29_999);
    await settled();
    expect(outcome).toBeUndefined();
    scheduler.advance(1);
    await settled();
    expect(outcome).toMatchObject({ outcome: 'UNKNOWN' });
  });

  it("passes the PG's own answer through when it comes in time, and stops waiting", async () => {
    const scheduler = new ManualScheduler();
    const quick = gatewayWith(() => Promise.resolve({ outcome: 'CANCELLED', pgCancelId: 'c-1' }));
    await expect(cancelWithin(quick, request, scheduler, 30_000)).resolves.toEqual({
      outcome: 'CANCELLED',
      pgCancelId: 'c-1',
    });
    expect(scheduler.pending).toBe(0);
  });

  it('treats a call that fails as UNKNOWN, naming what failed', async () => {
    const broken = gatewayWith(() => Promise.reject(new Error('ECONNRESET')));
    await expect(cancelWithin(broken, request, new ManualScheduler(), 30_000)).resolves.toEqual({
      outcome: 'UNKNOWN',
      detail: 'ECONNRESET',
    });
  });
});
