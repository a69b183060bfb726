import { SandboxPaymentGateway } from './sandbox-payment-gateway';

describe('SandboxPaymentGateway', () => {
  const gateway = new SandboxPaymentGateway();
  const cancel = (pgTransactionId: string) =>
    gateway.cancel({ paymentId: 'p-1', pgTransactionId, amountKrw: 1000 });

  it('refuses a cancellation of a transaction whose id starts with sandbox-cancel-refused, with PG code C001', async () => {
    await expect(cancel('sandbox-cancel-refused-1')).resolves.toMatchObject({
      outcome: 'REFUSED',
      pgCode: 'C001',
    });
  });

  it('times out a cancellation of a transaction whose id starts with sandbox-cancel-timeout', async () => {
    await expect(cancel('sandbox-cancel-timeout-7')).resolves.toMatchObject({
      outcome: 'TIMED_OUT',
    });
  });

  it('cancels every other transaction', async () => {
    await expect(cancel('pg-123')).resolves.toMatchObject({ outcome: 'CANCELLED' });
  });
});
