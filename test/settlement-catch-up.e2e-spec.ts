/**
 * R18 after downtime: the settlement job closes every ended day that is not closed, oldest first,
 * from the day of the first event in the log, however long the gap, and a restarted service
 * carries on from the log alone.
 */
import { daysBetween } from '@lib/ledger';
import { DueSettlements } from '@lib/settlement';
import { systemMeta } from '@lib/commands';
import { completedCardPayment, moveClockTo, startTestApp, type TestApp } from './support/test-app';
import { putTestClock, type SettlementBody } from './support/settlement-fixtures';

const TEST_CLOCK_ON = { LEDGER_TEST_CLOCK: 'true' };

describe('R18 catching up on four months of unclosed days', () => {
  let t: TestApp;
  let lastOfAugust: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-08-01T09:00:00+09:00', env: TEST_CLOCK_ON });
    await completedCardPayment(t, { count: 2 }); // the first event of the log: 2026-08-01
    moveClockTo(t.clock, '23:59:59.999', 30);
    lastOfAugust = (await completedCardPayment(t, { count: 4 })).paymentId;
  });

  afterAll(() => t.close());

  it('closes every day from the first event to yesterday, oldest first, in one move of the clock', async () => {
    const response = await putTestClock(t, '2026-12-01T00:00:30+09:00');
    expect(response.status).toBe(200);
    const expected = daysBetween('2026-08-01', '2026-11-30');
    expect(expected).toHaveLength(122);
    expect(
      (response.body as { ran: { settlementsClosed: string[] } }).ran.settlementsClosed,
    ).toEqual(expected);

    const closes = (await t.store.readAll())
      .filter((event) => event.type === 'SettlementClosed')
      .map((event) => (event.data as { date: string }).date);
    expect(closes).toEqual(expected); // in `$all` order: oldest first
  });

  it('counts each payment on its own day and closes the empty days with zero', async () => {
    const report = async (date: string) =>
      (await t.get('auditor', `/v1/settlements/${date}`)).body as SettlementBody;
    expect((await report('2026-08-01')).completed).toEqual({ count: 1, amount: 2_000 });
    expect((await report('2026-08-31')).completed).toEqual({ count: 1, amount: 4_000 });
    const empty = await report('2026-10-15');
    expect(empty).toMatchObject({
      completed: { count: 0, amount: 0 },
      cancelled: { count: 0, amount: 0 },
      netAmount: 0,
      byIssuer: {},
      byBank: {},
    });
    expect((await t.get('client', `/v1/payments/${lastOfAugust}`)).body).toMatchObject({
      cancelBlockedReason: 'SETTLED',
    });
  });

  it('finds nothing more to do until the next midnight, when called directly as the scheduler does', async () => {
    const due = t.app.get(DueSettlements);
    expect(await due.closeDue(systemMeta('test'))).toEqual([]);
    moveClockTo(t.clock, '00:00', 1);
    expect(await due.closeDue(systemMeta('test'))).toEqual(['2026-12-01']);
  });

  it('after a restart, carries on from the log alone', async () => {
    await t.close();
    t = await startTestApp({
      now: '2026-12-05T08:00:00+09:00',
      env: TEST_CLOCK_ON,
      dataDir: t.dataDir,
    });
    const response = await putTestClock(t, '2026-12-05T08:00:01+09:00');
    expect(
      (response.body as { ran: { settlementsClosed: string[] } }).ran.settlementsClosed,
    ).toEqual(['2026-12-02', '2026-12-03', '2026-12-04']);
  });
});
