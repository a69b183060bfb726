/**
 * The worker's durable sagas (DESIGN.md §5): the R5 transfer-expiry sweep, driven by the read
 * model's due list and the clock, and the follow-up reactor (R6 guard release, R12 view transfer),
 * driven by the log from a stored checkpoint. Both are run here without timers: the sweep through
 * `runOnce` (its schedule is off with a ManualClock) and the reactor through `catchUpWithLog`.
 */
import * as path from 'node:path';
import { ManualClock, loadConfig, randomIds } from '@lib/common';
import { openSqliteEventStore } from '@lib/event-store';
import { isoInstant, type PaymentCommand } from '@lib/ledger';
import { LedgerContext } from '@lib/commands';
import { PaymentStore } from '@lib/payments';
import { systemMeta } from '@lib/commands';
import { PaymentFollowUpReactor } from '../apps/worker/src/follow-ups/payment-follow-up.reactor';
import { TransferExpirySweep } from '@lib/payments';
import { putTestClock } from './support/settlement-fixtures';
import {
  cardPaymentBody,
  completePayment,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

const sweep = (t: TestApp) => t.app.get(TransferExpirySweep).runOnce(systemMeta('test'));
const reactor = (t: TestApp) => t.app.get(PaymentFollowUpReactor);
const getPayment = async (t: TestApp, paymentId: string) =>
  (await t.get('client', `/v1/payments/${paymentId}`).expect(200)).body as PaymentBody;

/**
 * A payment command decided and appended straight to the store of a stopped app, with no inline
 * follow-up: what the log holds when the process died right after the payment's event.
 */
async function appendWithoutFollowUps(
  dataDir: string,
  now: string,
  paymentId: string,
  command: PaymentCommand,
): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir });
  const store = openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite') });
  try {
    const payments = new PaymentStore(
      store,
      new LedgerContext(new ManualClock(now), config, randomIds),
    );
    const outcome = await payments.decideAndAppend(paymentId, command, systemMeta('crash-test'));
    expect(outcome.decision.refusal).toBeUndefined();
    expect(outcome.decision.events[0]?.type).toMatch(/^Payment(Completed|Failed)$/);
  } finally {
    await store.close();
  }
}

describe('R5 the transfer-expiry sweep', () => {
  it('given a transfer requested at 23:50 KST, when the sweep runs at 00:04:59.999 it stays REQUESTED, and at 00:05:00 it is FAILED/EXPIRED and the payer may transfer again', async () => {
    const t = await startTestApp({ now: '2026-12-01T23:50:00+09:00' });
    try {
      const memberId = newMemberId();
      const transfer = await requestPayment(t, transferPaymentBody(1, memberId));
      const card = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      expect(transfer.expiresAt).toBe('2026-12-02T00:05:00.000+09:00');

      moveClockTo(t.clock, '00:04:59.999', 1);
      expect(await sweep(t)).toEqual([]);
      expect(await getPayment(t, transfer.paymentId)).toMatchObject({ status: 'REQUESTED' });

      moveClockTo(t.clock, '00:05:00');
      expect(await sweep(t)).toEqual([transfer.paymentId]);
      expect(await getPayment(t, transfer.paymentId)).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'EXPIRED', code: 'EXPIRED' },
      });
      expect(await t.paymentEvents(transfer.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
      ]);
      // A card payment has no deadline: it is never swept.
      expect(await getPayment(t, card.paymentId)).toMatchObject({ status: 'REQUESTED' });
      await requestPayment(t, transferPaymentBody(1, memberId));
    } finally {
      await t.close();
    }
  });

  it('given transfers that fell due while the service was down, when it restarts and sweeps then they expire, and a second sweep appends nothing', async () => {
    const first = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
    const overdue = await requestPayment(first, transferPaymentBody(1, newMemberId()));
    first.clock.advance({ minutes: 1 });
    const alsoOverdue = await requestPayment(first, transferPaymentBody(1, newMemberId()));
    const completed = await requestPayment(first, transferPaymentBody(1, newMemberId()));
    await completePayment(first, completed);
    await first.close();

    const t = await startTestApp({ dataDir: first.dataDir, now: '2026-12-01T10:20:00+09:00' });
    try {
      expect(await sweep(t)).toEqual([overdue.paymentId, alsoOverdue.paymentId]);
      for (const payment of [overdue, alsoOverdue]) {
        expect(await getPayment(t, payment.paymentId)).toMatchObject({
          status: 'FAILED',
          failure: { reason: 'EXPIRED' },
        });
      }
      expect(await getPayment(t, completed.paymentId)).toMatchObject({ status: 'COMPLETED' });
      const events = await t.eventCount();
      expect(await sweep(t)).toEqual([]);
      expect(await t.eventCount()).toBe(events);
    } finally {
      await t.close();
    }
  });

  it('given a transfer due before midnight, when the test clock moves past midnight then it expires before the day is settled', async () => {
    const t = await startTestApp({
      now: '2026-12-01T23:50:00+09:00',
      env: { LEDGER_TEST_CLOCK: 'true' },
    });
    try {
      const transfer = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      const response = await putTestClock(t, '2026-12-02T00:10:00+09:00');
      expect({ status: response.status, body: response.body as unknown }).toEqual({
        status: 200,
        body: {
          now: '2026-12-02T00:10:00.000+09:00',
          ran: {
            transfersExpired: [transfer.paymentId],
            cancellationsReconciled: [],
            approvalsVoided: [],
            settlementsClosed: ['2026-12-01'],
          },
        },
      });
      const log = await t.store.readAll();
      const expiredAt = log.findIndex(
        (event) => event.type === 'PaymentFailed' && event.streamId.endsWith(transfer.paymentId),
      );
      const settledAt = log.findIndex((event) => event.type === 'SettlementClosed');
      expect(expiredAt).toBeGreaterThanOrEqual(0);
      expect(settledAt).toBeGreaterThan(expiredAt);
    } finally {
      await t.close();
    }
  });
});

describe('R6, R12 the follow-ups survive a crash after the payment’s event', () => {
  it('given a repayment completed in the log but its views never moved, when the service restarts then the reactor moves them, once', async () => {
    const first = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
    const original = await requestPayment(first, cardPaymentBody(2, newMemberId()));
    await completePayment(first, original);
    const item = original.items[0]!;
    await first.post('client', `/v1/payments/${original.paymentId}/items/${item.itemId}/view`);
    const repaid = (
      await first
        .post('client', `/v1/payments/${original.paymentId}/repayment`, {
          method: 'CARD',
          cardIssuer: 'KB',
        })
        .expect(201)
    ).body as PaymentBody;
    await first.close();

    await appendWithoutFollowUps(first.dataDir, '2026-12-01T10:05:00+09:00', repaid.paymentId, {
      type: 'CompletePayment',
      data: {
        pgTransactionId: `pg-crash-${repaid.paymentId}`,
        approvedAmountKrw: repaid.amount,
        approvedAt: isoInstant(new ManualClock('2026-12-01T10:05:00+09:00').now()),
        certificateVerified: false,
        originalCancellable: true,
      },
    });

    const t = await startTestApp({ dataDir: first.dataDir, now: '2026-12-01T10:06:00+09:00' });
    try {
      await reactor(t).catchUpWithLog();
      const events = await t.store.readStream(`payment-${original.paymentId}`);
      expect(events.map((event) => event.type)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
        'JudgmentViewed',
        'JudgmentViewsTransferred',
      ]);
      const completion = (await t.store.readStream(`payment-${repaid.paymentId}`)).find(
        (event) => event.type === 'PaymentCompleted',
      );
      expect(events.at(-1)!.metadata).toMatchObject({
        actor: { role: 'system', id: 'payment-follow-ups' },
        causationId: completion!.id,
      });
      expect(await getPayment(t, original.paymentId)).toMatchObject({
        cancellable: true,
        cancelBlockedReason: null,
      });
    } finally {
      await t.close();
    }

    // At least once, and harmless: a restart that handles the outcome again appends nothing.
    const again = await startTestApp({ dataDir: first.dataDir, now: '2026-12-01T10:07:00+09:00' });
    try {
      const before = await again.eventCount();
      await reactor(again).catchUpWithLog();
      expect(await again.eventCount()).toBe(before);
    } finally {
      await again.close();
    }
  });

  it('given a transfer failed in the log but its guard never released, when the service restarts then the reactor releases it and the payer may transfer again before the deadline', async () => {
    const first = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
    const memberId = newMemberId();
    const transfer = await requestPayment(first, transferPaymentBody(1, memberId));
    await first.close();

    await appendWithoutFollowUps(first.dataDir, '2026-12-01T10:01:00+09:00', transfer.paymentId, {
      type: 'FailPayment',
      data: { code: 'E1', message: '거절' },
    });

    const t = await startTestApp({ dataDir: first.dataDir, now: '2026-12-01T10:02:00+09:00' });
    try {
      await reactor(t).catchUpWithLog();
      const released = (await t.store.readAll()).filter(
        (event) => event.type === 'PendingTransferReleased',
      );
      expect(released.map((event) => event.data)).toEqual([
        expect.objectContaining({ paymentId: transfer.paymentId, outcome: 'FAILED' }),
      ]);
      await requestPayment(t, transferPaymentBody(1, memberId));
    } finally {
      await t.close();
    }
  });
});
