import type { PaymentGateway } from './payment-gateway.port';
import { MeteredPaymentGateway, adapterOf } from './metered-payment-gateway';

const REQUEST = {
  cancellationId: 'c-1',
  paymentId: 'p-1',
  pgTransactionId: 'pg-1',
  amountKrw: 1000,
};

function meteredOver(adapter: Partial<PaymentGateway>) {
  const calls: { operation: string; outcome: string; seconds: number }[] = [];
  const gateway = new MeteredPaymentGateway(adapter as PaymentGateway, {
    observePgCall: (operation, outcome, seconds) => calls.push({ operation, outcome, seconds }),
  });
  return { gateway, calls };
}

describe('MeteredPaymentGateway (issue 14): every PG call counted by operation and outcome', () => {
  it("counts the PG's answer as its outcome and passes it on unchanged", async () => {
    const refused = { outcome: 'REFUSED', pgCode: 'C001', pgMessage: '거절' } as const;
    const { gateway, calls } = meteredOver({
      cancel: () => Promise.resolve(refused),
      cancellationStatus: () => Promise.resolve({ status: 'NO_RECORD' }),
      voidApproval: () => Promise.resolve({ outcome: 'VOIDED', pgVoidId: 'v-1' }),
    });
    expect(await gateway.cancel(REQUEST)).toBe(refused);
    await gateway.cancellationStatus('c-1');
    await gateway.voidApproval({ pgTransactionId: 'pg-1', paymentId: 'p-1', amountKrw: 1000 });
    expect(calls.map(({ operation, outcome }) => `${operation} ${outcome}`)).toEqual([
      'cancel REFUSED',
      'cancellation_status NO_RECORD',
      'void VOIDED',
    ]);
    for (const { seconds } of calls) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('counts a call that fails or throws as NO_ANSWER and lets the error through', async () => {
    const timeout = new Error('The PG timed out');
    const { gateway, calls } = meteredOver({
      cancel: () => Promise.reject(timeout),
      cancellationStatus: () => {
        throw new Error('unreachable');
      },
    });
    await expect(gateway.cancel(REQUEST)).rejects.toBe(timeout);
    await expect(gateway.cancellationStatus('c-1')).rejects.toThrow('unreachable');
    expect(calls.map(({ operation, outcome }) => `${operation} ${outcome}`)).toEqual([
      'cancel NO_ANSWER',
      'cancellation_status NO_ANSWER',
    ]);
  });

  it('lets what needs the adapter itself (the sandbox books) look through the metering', () => {
    const adapter = {} as PaymentGateway;
    const { gateway } = meteredOver(adapter);
    expect(adapterOf(gateway)).toBe(adapter);
    expect(adapterOf(adapter)).toBe(adapter);
  });
});
