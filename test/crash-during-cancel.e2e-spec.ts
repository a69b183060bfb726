/**
 * R21 no cancellation is forgotten, with a real crash: the process is killed (SIGKILL) while the
 * sandbox PG is still answering a `sandbox-cancel-slow` cancellation it has already refunded.
 * After a restart the reconciler asks the PG by key and the payment ends CANCELLED, with exactly
 * one refund at the PG.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { START, openSqliteEventStore, type EventStore } from '@lib/event-store';
import { isoInstant } from '@lib/ledger';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { approval, cardPaymentBody, newMemberId } from './support/test-app';

async function cancellationStarted(store: EventStore, paymentId: string): Promise<void> {
  const subscription = store.subscribeToAll({ fromPosition: START });
  try {
    for await (const event of subscription) {
      if (event.streamId === `payment-${paymentId}` && event.type === 'PaymentCancellationStarted')
        return;
    }
  } finally {
    await subscription.unsubscribe();
  }
}

interface SandboxBody {
  refunds: unknown[];
  cancelCalls: number;
}

describe('R21 a process killed while the PG answers a cancellation', () => {
  let dataDir: string;
  let store: EventStore;
  let ledger: LedgerProcess | undefined;
  const env = () => ({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_TEST_CLOCK: 'true',
    // Far longer than the test: the process dies while the PG holds the answer.
    LEDGER_SANDBOX_SLOW_MS: '20000',
  });

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-crash-cancel-'));
    store = openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite') });
  });
  afterAll(async () => {
    await ledger?.stop();
    await store.close();
  });

  it('ends CANCELLED after the restart, and the PG refunded exactly once', async () => {
    ledger = await startLedgerProcess(env());
    const pgTransactionId = `sandbox-cancel-slow-${newMemberId()}`;
    const requested = await ledger.post(
      'client',
      '/v1/payments',
      cardPaymentBody(2, newMemberId()),
      'k1',
    );
    expect(requested.status).toBe(201);
    const paymentId = requested.body.paymentId as string;
    const completed = await ledger.post(
      'gateway',
      `/v1/payments/${paymentId}/complete`,
      approval(2_000, { pgTransactionId }),
      'k2',
    );
    expect(completed.status).toBe(200);

    // The cancellation starts; it will wait 20 s for the PG's answer.
    const pending = ledger.post('client', `/v1/payments/${paymentId}/cancel`, undefined, 'k3').then(
      () => 'answered',
      () => 'connection lost',
    );
    await cancellationStarted(store, paymentId);
    const sandbox = () => ledger!.get('admin', `/v1/sandbox-pg/transactions/${pgTransactionId}`);
    for (
      let ask = 0;
      ask < 1_000 && ((await sandbox()).body as SandboxBody).refunds.length === 0;
      ask += 1
    );
    expect(((await sandbox()).body as SandboxBody).refunds).toHaveLength(1);

    ledger.child.kill('SIGKILL');
    await ledger.stop();
    expect(await pending).toBe('connection lost');

    ledger = await startLedgerProcess(env());
    const cancelling = await ledger.get('client', `/v1/payments/${paymentId}`);
    expect(cancelling.body).toMatchObject({ status: 'CANCELLING' });

    // A minute later (past the PG deadline and the margin) the reconciler asks the PG by key.
    const now = ((await ledger.get('admin', '/v1/test-clock')).body as { now: string }).now;
    const later = isoInstant(DateTime.fromISO(now).plus({ minutes: 1 }));
    const moved = await ledger.put('admin', '/v1/test-clock', { now: later }, 'k4');
    expect(moved.body).toMatchObject({ ran: { cancellationsReconciled: [paymentId] } });

    expect((await ledger.get('client', `/v1/payments/${paymentId}`)).body).toMatchObject({
      status: 'CANCELLED',
    });
    expect((await sandbox()).body).toMatchObject({ refunds: [{}], cancelCalls: 1 });
    const events = await store.readStream(`payment-${paymentId}`);
    expect(events.map((event) => event.type)).toEqual([
      'PaymentRequested',
      'PaymentCompleted',
      'PaymentCancellationStarted',
      'PaymentCancelled',
    ]);
    // The test-clock move that ran the reconciler is what recorded it.
    expect(events.at(-1)!.metadata.actor).toMatchObject({ role: 'admin' });
  });
});
