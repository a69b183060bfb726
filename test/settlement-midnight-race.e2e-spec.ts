/**
 * R19 and the midnight race (docs/adr/0005), with real concurrency through one event store: two
 * replicas share the data folder; the payer's replica still says 23:59:59.9 while the settlement
 * replica says 00:00. Whatever the order, the day's report and the payment never disagree.
 */
import { DateTime } from 'luxon';
import { RefusedError, systemMeta } from '@lib/commands';
import { CancellationFence, SettlementCloser } from '@lib/settlement';
import {
  completedCardPayment,
  expectProblem,
  moveClockTo,
  startTestApp,
  type TestApp,
} from './support/test-app';
import {
  GatedGateway,
  closeDay,
  closedReport,
  eventually,
  expectSettled,
  settlementEvents,
  type SettlementBody,
} from './support/settlement-fixtures';

async function afterTurns<T>(turns: number, run: () => Promise<T>): Promise<T> {
  for (let turn = 0; turn < turns; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  return run();
}

describe('R19 a cancellation at 23:59:59.9 against the close at 00:00', () => {
  let payer: TestApp; // the replica that serves the payer, its clock a little behind
  let settler: TestApp; // the replica that closes the day
  const gateway = new GatedGateway();

  beforeAll(async () => {
    payer = await startTestApp({ now: '2026-12-01T10:00:00+09:00', gateway });
    settler = await startTestApp({
      now: '2026-12-01T10:00:00+09:00',
      dataDir: payer.dataDir,
      // A second process on the same store keeps its own read models.
      env: { LEDGER_READ_MODEL_FILE: 'read-models-settler.sqlite' },
    });
  });

  afterAll(async () => {
    await settler.close();
    await payer.close();
  });

  /** A new day: a payment completed at 10:00, then the payer at 23:59:59.9, the settler at 00:00. */
  async function roundOf(first = false) {
    moveClockTo(payer.clock, '10:00', first ? 0 : 1);
    const payment = await completedCardPayment(payer, { count: 3 });
    const day = payer.clock.now().toFormat('yyyy-MM-dd');
    moveClockTo(payer.clock, '23:59:59.900');
    moveClockTo(settler.clock, '00:00', 1);
    gateway.reset();
    return { payment, day };
  }

  async function paymentStatus(paymentId: string) {
    return (await payer.get('client', `/v1/payments/${paymentId}`)).body as {
      status: string;
      cancelBlockedReason: string | null;
    };
  }

  it('cancel first: the close sees the reservation, waits for the PG, and counts the cancellation', async () => {
    const { payment, day } = await roundOf(true);
    const cancelling = payer
      .post('client', `/v1/payments/${payment.paymentId}/cancel`)
      .then((r) => r);
    await gateway.reached; // the cancellation holds its reservation and is at the PG

    const closing = closeDay(settler, day).then((r) => r);
    await eventually(async () =>
      (await settlementEvents(settler.store, day)).includes('SettlementCloseStarted'),
    );
    expect(await settlementEvents(settler.store, day)).not.toContain('SettlementClosed');

    gateway.open();
    const [cancelled, closed] = await Promise.all([cancelling, closing]);
    expect({ status: cancelled.status, body: cancelled.body as unknown }).toMatchObject({
      status: 200,
      body: { status: 'CANCELLED' },
    });
    expect(closed.status).toBe(200);
    const report = closed.body as SettlementBody;
    expect(report.completed).toEqual({ count: 1, amount: 3_000 });
    expect(report.cancelled).toEqual({ count: 1, amount: 3_000 });
    expect(await settlementEvents(settler.store, day)).toEqual([
      'SettlementCancellationReserved',
      'SettlementCloseStarted',
      'SettlementCancellationReleased',
      'SettlementClosed',
    ]);
    const [released] = (await settler.store.readStream(`settlement-${day}`)).filter(
      (event) => event.type === 'SettlementCancellationReleased',
    );
    expect(released!.data).toMatchObject({ paymentId: payment.paymentId, outcome: 'CANCELLED' });
  });

  it('close first: the cancellation is refused SETTLED although its clock still says 23:59:59.9, and the PG is never called', async () => {
    const { payment, day } = await roundOf();
    const report = await closedReport(settler, day);
    expect(report.completed.count).toBe(1);
    expect(report.cancelled.count).toBe(0);

    expectSettled(await payer.post('client', `/v1/payments/${payment.paymentId}/cancel`));
    expect(gateway.calls.filter((call) => call.paymentId === payment.paymentId)).toEqual([]);
    expect(await paymentStatus(payment.paymentId)).toMatchObject({
      status: 'COMPLETED',
      cancelBlockedReason: 'SETTLED',
    });
  });

  it('close started but not finished: a cancellation arriving then is refused SETTLED', async () => {
    const { payment, day } = await roundOf();
    // Another cancellation keeps the close waiting between its start and its end.
    const other = await completedCardPayment(payer, { count: 1 });
    const holding = payer.post('client', `/v1/payments/${other.paymentId}/cancel`).then((r) => r);
    await gateway.reached;
    const closing = closeDay(settler, day).then((r) => r);
    await eventually(async () =>
      (await settlementEvents(settler.store, day)).includes('SettlementCloseStarted'),
    );

    expectSettled(await payer.post('client', `/v1/payments/${payment.paymentId}/cancel`));
    gateway.open();
    const [held, closed] = await Promise.all([holding, closing]);
    expect(held.status).toBe(200);
    expect((closed.body as SettlementBody).cancelled).toEqual({ count: 1, amount: 1_000 });
    expect((await paymentStatus(payment.paymentId)).status).toBe('COMPLETED');
  });

  it('in any interleaving, the report counts a payment as cancelled exactly when it is CANCELLED', async () => {
    const outcomes: number[] = [];
    for (let round = 0; round < 12; round += 1) {
      const { payment, day } = await roundOf();
      gateway.open(); // the PG answers at once; only the scheduling of the two requests varies
      // Either request may go first, by a varying number of event-loop turns.
      const cancelDelay = round % 2 === 0 ? round * 4 : 0;
      const closeDelay = round % 2 === 1 ? round * 4 : 0;
      const [cancel, close] = await Promise.all([
        afterTurns(cancelDelay, () =>
          payer.post('client', `/v1/payments/${payment.paymentId}/cancel`).then((r) => r),
        ),
        afterTurns(closeDelay, () => closeDay(settler, day).then((r) => r)),
      ]);
      expect(close.status).toBe(200);
      const report = close.body as SettlementBody;
      const { status } = await paymentStatus(payment.paymentId);
      outcomes.push(cancel.status);
      if (cancel.status === 200) {
        expect(status).toBe('CANCELLED');
        expect(report.cancelled.count).toBe(1);
      } else {
        expectSettled(cancel);
        expect(status).toBe('COMPLETED');
        expect(report.cancelled.count).toBe(0);
      }
      // The report as later read agrees too.
      expect((await settler.get('auditor', `/v1/settlements/${day}`)).body).toEqual(report);
    }
    // Both orders are proven deterministically above; here only agreement is asserted.
    expect(outcomes).toHaveLength(12);
  });

  it('a cancellation that died at the PG holds the close back until its lease lapses, then is named as abandoned', async () => {
    const { payment, day } = await roundOf();
    // A replica takes the reservation and dies before the PG answers: no release ever comes.
    const fence = payer.app.get(CancellationFence);
    const ticket = await fence.reserve(day, payment.paymentId, systemMeta('test'));
    const closer = settler.app.get(SettlementCloser);

    const refused = await closer
      .close([day], systemMeta('test'), { waitForCancellationsMs: 0 })
      .catch((error: unknown) => error);
    // The refusal the API answers as 503 CANCELLATIONS_PENDING.
    expect(refused).toBeInstanceOf(RefusedError);
    expect((refused as RefusedError).refusal).toMatchObject({
      code: 'CANCELLATIONS_PENDING',
      retryAfter: `${nextDayOf(day)}T00:01:59.900+09:00`, // reserved at 23:59:59.9, 120 s lease
    });
    expectProblem(
      await settler.get('auditor', `/v1/settlements/${day}`),
      404,
      'SETTLEMENT_NOT_FOUND',
    );

    moveClockTo(settler.clock, '00:01:59.900');
    const [closed] = await closer.close([day], systemMeta('test'), { waitForCancellationsMs: 0 });
    expect(closed!.abandonedReservations).toEqual([
      {
        reservationId: ticket.reservationId,
        paymentId: payment.paymentId,
        leaseUntil: `${nextDayOf(day)}T00:01:59.900+09:00`,
      },
    ]);
    expect(closed!.report.cancelled.count).toBe(0);
    expect((await paymentStatus(payment.paymentId)).cancelBlockedReason).toBe('SETTLED');
  });
});

function nextDayOf(day: string): string {
  return DateTime.fromISO(day).plus({ days: 1 }).toFormat('yyyy-MM-dd');
}
