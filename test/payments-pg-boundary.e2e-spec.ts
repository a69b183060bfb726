/**
 * Money at the PG boundary (DESIGN.md R20–R24) through HTTP, against the sandbox PG with its own
 * books (its own SQLite file in the data folder): the ledger and the PG never disagree about
 * money, whatever races, times out or is lost.
 */
import { systemMeta } from '@lib/commands';
import { START, type EventStore, type RecordedEvent } from '@lib/event-store';
import { ApprovalVoids, CancellationReconciler } from '@lib/payments';
import {
  approval,
  completedCardPayment,
  expectProblem,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';
import { closeDay, closedReport } from './support/settlement-fixtures';

/** Resolves once the log holds an event that matches (the store's subscription, no sleeping). */
async function eventMatching(
  store: EventStore,
  matches: (event: RecordedEvent) => boolean,
): Promise<RecordedEvent> {
  const subscription = store.subscribeToAll({ fromPosition: START });
  try {
    for await (const event of subscription) if (matches(event)) return event;
  } finally {
    await subscription.unsubscribe();
  }
  throw new Error('The log ended first');
}

interface SandboxTransactionBody {
  refunds: unknown[];
  voids: unknown[];
  cancelCalls: number;
  statusCalls: number;
}

describe('money at the PG boundary (R20–R24) through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The sandbox's slow cancellation answers after 300 ms of real time: a window to race in.
    t = await startTestApp({ env: { LEDGER_SANDBOX_SLOW_MS: '300' } });
  });
  afterAll(() => t.close());

  const cancel = (paymentId: string, key?: string) =>
    t.post('client', `/v1/payments/${paymentId}/cancel`, undefined, key);
  const get = async (paymentId: string) =>
    (await t.get('support', `/v1/payments/${paymentId}`).expect(200)).body as PaymentBody;
  const sandbox = async (pgTransactionId: string) =>
    (await t.get('admin', `/v1/sandbox-pg/transactions/${pgTransactionId}`).expect(200))
      .body as SandboxTransactionBody;
  const reconcile = async () => {
    await t.app.get(CancellationReconciler).reconcileDue(systemMeta('test'));
    await t.app.get(ApprovalVoids).reconcileDue(systemMeta('test'));
  };
  const started = (paymentId: string) => (event: RecordedEvent) =>
    event.streamId === `payment-${paymentId}` && event.type === 'PaymentCancellationStarted';

  describe('R20 a view while the PG is cancelling', () => {
    it('is refused CANCEL_IN_PROGRESS, and the PG refunds once', async () => {
      const pgTransactionId = `sandbox-cancel-slow-${newMemberId()}`;
      const payment = await completedCardPayment(t, { count: 2, pgTransactionId });
      const cancelling = cancel(payment.paymentId).then((response) => response); // sent now
      await eventMatching(t.store, started(payment.paymentId));

      const viewed = await t.post(
        'client',
        `/v1/payments/${payment.paymentId}/items/${payment.items[0]!.itemId}/view`,
      );
      expectProblem(viewed, 409, 'CANCEL_IN_PROGRESS');
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'CANCELLING',
        statusLabel: '결제취소중',
        cancelBlockedReason: 'CANCEL_IN_PROGRESS',
      });

      expect((await cancelling).status).toBe(200);
      expect(await get(payment.paymentId)).toMatchObject({ status: 'CANCELLED' });
      expect((await get(payment.paymentId)).items.every((item) => !item.viewed)).toBe(true);
      expect(await sandbox(pgTransactionId)).toMatchObject({ refunds: [{}], cancelCalls: 1 });
    });

    it('refuses a repayment of a payment being cancelled', async () => {
      const pgTransactionId = `sandbox-cancel-slow-${newMemberId()}`;
      const payment = await completedCardPayment(t, { count: 2, pgTransactionId });
      const cancelling = cancel(payment.paymentId).then((response) => response); // sent now
      await eventMatching(t.store, started(payment.paymentId));
      const repaid = await t.post('client', `/v1/payments/${payment.paymentId}/repayment`, {
        method: 'CARD',
        cardIssuer: 'SHINHAN',
      });
      expect(expectProblem(repaid, 409, 'REPAYMENT_NOT_ALLOWED').reason).toBe('CANCEL_IN_PROGRESS');
      expect((await cancelling).status).toBe(200);
    });
  });

  describe('R20 two cancellations at once', () => {
    it('call the PG once: both answer the same outcome, and the PG refunds once', async () => {
      const pgTransactionId = `sandbox-cancel-slow-${newMemberId()}`;
      const payment = await completedCardPayment(t, { pgTransactionId });
      const responses = await Promise.all([cancel(payment.paymentId), cancel(payment.paymentId)]);
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      expect(responses.map((response) => (response.body as PaymentBody).status)).toEqual([
        'CANCELLED',
        'CANCELLED',
      ]);
      expect(await sandbox(pgTransactionId)).toMatchObject({ refunds: [{}], cancelCalls: 1 });
      const events = await t.paymentEvents(payment.paymentId);
      expect(events.filter((type) => type === 'PaymentCancellationStarted')).toHaveLength(1);
    });
  });

  describe('R13, R21 a cancellation whose answer is lost', () => {
    it('answers 202 CANCELLING; the reconciler asks the PG by key and records the refund', async () => {
      const pgTransactionId = `sandbox-cancel-lost-${newMemberId()}`;
      const payment = await completedCardPayment(t, { pgTransactionId });
      const lost = await cancel(payment.paymentId).expect(202);
      expect(lost.body).toMatchObject({ status: 'CANCELLING' });
      expect(lost.headers['retry-after']).toBe('5');

      t.clock.advance({ seconds: 36 }); // past the PG deadline and the margin
      await reconcile();
      expect(await get(payment.paymentId)).toMatchObject({ status: 'CANCELLED' });
      expect(await sandbox(pgTransactionId)).toMatchObject({
        refunds: [{}],
        cancelCalls: 1,
        statusCalls: 1,
      });
      // A retry now finds it cancelled; the PG is not called again.
      expect(expectProblem(await cancel(payment.paymentId), 409, 'CANCEL_NOT_ALLOWED').reason).toBe(
        'ALREADY_CANCELLED',
      );
      expect((await sandbox(pgTransactionId)).cancelCalls).toBe(1);
    });
  });

  describe('R22 an approval the ledger refuses is given back', () => {
    it('voids the late approval of an expired transfer once: 409, and a replay voids nothing', async () => {
      const transfer = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 15 });
      const pgTransactionId = `pg-late-${transfer.paymentId}`;
      const late = () =>
        t.post(
          'gateway',
          `/v1/payments/${transfer.paymentId}/complete`,
          approval(transfer.amount, { pgTransactionId }),
        );
      expectProblem(await late(), 409, 'NOT_REQUESTED');
      expect(await t.paymentEvents(transfer.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
        'PaymentApprovalVoidStarted',
        'PaymentApprovalVoided',
      ]);
      expectProblem(await late(), 409, 'NOT_REQUESTED');
      expect(await sandbox(pgTransactionId)).toMatchObject({ voids: [{}] });
      expect((await t.paymentEvents(transfer.paymentId)).length).toBe(4);
    });

    it('lists a void the PG keeps refusing for support, once the reconcilers give up', async () => {
      const payment = await requestPayment(t, transferPaymentBody(2, newMemberId()));
      const pgTransactionId = `sandbox-void-refused-${payment.paymentId}`;
      const refused = await t.post(
        'gateway',
        `/v1/payments/${payment.paymentId}/complete`,
        approval(payment.amount + 1_000, { pgTransactionId }),
      );
      expectProblem(refused, 409, 'AMOUNT_MISMATCH');
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
        'PaymentApprovalVoidStarted',
      ]);
      t.clock.advance({ minutes: 9 });
      await reconcile();
      const listed = async () =>
        (
          (await t.get('support', '/v1/support/attention').expect(200)).body as {
            attention: { paymentId: string; subject: string; reference: string; reason: string }[];
          }
        ).attention.filter((entry) => entry.paymentId === payment.paymentId);
      expect(await listed()).toEqual([]);
      t.clock.advance({ minutes: 1 });
      await reconcile();
      expect(await listed()).toEqual([
        expect.objectContaining({
          subject: 'VOID',
          reference: pgTransactionId,
          reason: 'VOID_REFUSED',
          pgCode: 'V001',
        }),
      ]);
      expectProblem(await t.get('client', '/v1/support/attention'), 403, 'FORBIDDEN');
    });
  });
});

describe('R23, R24 across midnight', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-01T23:50:00+09:00' });
  });
  afterAll(() => t.close());

  it('R24 a refund recorded after its day closed is a late adjustment of the next report', async () => {
    const pgTransactionId = `sandbox-cancel-lost-${newMemberId()}`;
    const payment = await completedCardPayment(t, { count: 3, pgTransactionId });
    await t.post('client', `/v1/payments/${payment.paymentId}/cancel`).expect(202);

    // 00:00: the close does not wait for a cancellation whose outcome is unknown; it counts the
    // payment as completed.
    moveClockTo(t.clock, '00:00', 1);
    const first = await closedReport(t, '2026-12-01');
    expect(first).toMatchObject({
      completed: { count: 1, amount: 3_000 },
      cancelled: { count: 0, amount: 0 },
      netAmount: 3_000,
      lateAdjustments: [],
    });

    t.clock.advance({ minutes: 1 });
    await t.app.get(CancellationReconciler).reconcileDue(systemMeta('test'));
    expect(
      ((await t.get('client', `/v1/payments/${payment.paymentId}`).expect(200)).body as PaymentBody)
        .status,
    ).toBe('CANCELLED');

    moveClockTo(t.clock, '00:00', 1);
    await closeDay(t, '2026-12-02').expect(200);
    const second = await closedReport(t, '2026-12-02');
    expect(second).toMatchObject({
      completed: { count: 0, amount: 0 },
      lateAdjustments: [
        {
          paymentId: payment.paymentId,
          type: 'CANCELLED',
          amount: 3_000,
          businessDate: '2026-12-01',
        },
      ],
      lateAdjustmentTotals: { cancelled: { count: 1, amount: 3_000 }, netAmount: -3_000 },
      netAmount: -3_000,
    });
    // Reports sum to the log: completed 3,000, then refunded 3,000.
    expect(first.netAmount + second.netAmount).toBe(0);
    // A closed report never changes.
    expect(await closedReport(t, '2026-12-01')).toEqual(first);
  });
});
