import { ManualScheduler } from '@lib/common';
import { SandboxPg } from './sandbox-pg';

function sandbox(scheduler = new ManualScheduler()) {
  return new SandboxPg({
    file: ':memory:',
    scheduler,
    slowMs: 3_000,
    now: () => '2026-12-01T10:00:00.000+09:00',
  });
}

const cancelOf = (pgTransactionId: string, cancellationId = `key-${pgTransactionId}`) => ({
  cancellationId,
  paymentId: 'p-1',
  pgTransactionId,
  amountKrw: 1000,
});

describe('the sandbox PG (DESIGN.md §6)', () => {
  it('cancels, and the same key never refunds twice', async () => {
    const pg = sandbox();
    const first = await pg.cancel(cancelOf('pg-1'));
    expect(first).toMatchObject({ outcome: 'CANCELLED' });
    await expect(pg.cancel(cancelOf('pg-1'))).resolves.toEqual(first);
    expect(pg.transaction('pg-1')).toMatchObject({ refunds: [{ amount: 1000 }], cancelCalls: 2 });
  });

  it('refuses a second cancellation of a refunded approval under another key (C003)', async () => {
    const pg = sandbox();
    await pg.cancel(cancelOf('pg-2', 'key-a'));
    await expect(pg.cancel(cancelOf('pg-2', 'key-b'))).resolves.toMatchObject({
      outcome: 'REFUSED',
      pgCode: 'C003',
    });
    expect(pg.transaction('pg-2').refunds).toHaveLength(1);
  });

  it('refuses sandbox-cancel-refused with C001, and says so when asked by key', async () => {
    const pg = sandbox();
    await expect(pg.cancel(cancelOf('sandbox-cancel-refused-1'))).resolves.toMatchObject({
      outcome: 'REFUSED',
      pgCode: 'C001',
    });
    await expect(pg.cancellationStatus('key-sandbox-cancel-refused-1')).resolves.toMatchObject({
      status: 'REFUSED',
      pgCode: 'C001',
    });
  });

  it('times out sandbox-cancel-timeout without refunding; asked, it has no record and fences the key', async () => {
    const pg = sandbox();
    await expect(pg.cancel(cancelOf('sandbox-cancel-timeout-1'))).rejects.toThrow('timed out');
    await expect(pg.cancellationStatus('key-sandbox-cancel-timeout-1')).resolves.toEqual({
      status: 'NO_RECORD',
    });
    // R21: the fenced key is refused, so the answer "no record" stays true.
    await expect(pg.cancel(cancelOf('sandbox-cancel-timeout-1'))).resolves.toMatchObject({
      outcome: 'REFUSED',
      pgCode: 'C002',
    });
    expect(pg.transaction('sandbox-cancel-timeout-1').refunds).toEqual([]);
  });

  it('fences an unknown key asked about before any cancel arrived', async () => {
    const pg = sandbox();
    await expect(pg.cancellationStatus('key-pg-9')).resolves.toEqual({ status: 'NO_RECORD' });
    await expect(pg.cancel(cancelOf('pg-9'))).resolves.toMatchObject({ pgCode: 'C002' });
    expect(pg.transaction('pg-9').refunds).toEqual([]);
  });

  it('refunds sandbox-cancel-lost but loses the answer; asked by key, it reports the refund', async () => {
    const pg = sandbox();
    await expect(pg.cancel(cancelOf('sandbox-cancel-lost-1'))).rejects.toThrow('lost');
    await expect(pg.cancellationStatus('key-sandbox-cancel-lost-1')).resolves.toMatchObject({
      status: 'REFUNDED',
    });
    expect(pg.transaction('sandbox-cancel-lost-1').refunds).toHaveLength(1);
  });

  it('refunds sandbox-cancel-slow at once and answers after the slow delay', async () => {
    const scheduler = new ManualScheduler();
    const pg = sandbox(scheduler);
    let answered = false;
    const call = pg.cancel(cancelOf('sandbox-cancel-slow-1')).then(() => (answered = true));
    await Promise.resolve();
    expect(pg.transaction('sandbox-cancel-slow-1').refunds).toHaveLength(1);
    expect(answered).toBe(false);
    scheduler.advance(3_000);
    await call;
    expect(answered).toBe(true);
  });

  it('voids an approval once, however often asked, and refuses sandbox-void-refused', async () => {
    const pg = sandbox();
    const request = { pgTransactionId: 'pg-v', paymentId: 'p-1', amountKrw: 5000 };
    const first = await pg.voidApproval(request);
    expect(first).toMatchObject({ outcome: 'VOIDED' });
    await expect(pg.voidApproval(request)).resolves.toEqual(first);
    expect(pg.transaction('pg-v')).toMatchObject({ voids: [{ amount: 5000 }], voidCalls: 2 });
    await expect(
      pg.voidApproval({ ...request, pgTransactionId: 'sandbox-void-refused-1' }),
    ).resolves.toMatchObject({ outcome: 'REFUSED', pgCode: 'V001' });
    expect(pg.transaction('sandbox-void-refused-1').voids).toEqual([]);
  });
});
