import { MemoryEventStore } from '@lib/event-store';
import {
  businessDate,
  cancelBlockedReason,
  payerKeyOf,
  type BusinessDate,
  type PaymentState,
} from '@lib/ledger';
import type { DateTime } from 'luxon';
import { getPayment, paymentStateOf, type PaymentRecord } from '../src/payments';
import type { ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { appendInOrder, generateHistory, type History } from './support/history';
import { lastPositionOf, rebuiltReadModel, runnerOver } from './support/read-models';

const history = generateHistory({ payments: 2_000, seed: 3 });

/** Half the log is there before the runner starts (catch-up), the rest arrives while it runs. */
async function liveReadModel(store: MemoryEventStore): Promise<ReadModelDatabase> {
  const half = Math.floor(history.appends.length / 2);
  await appendInOrder(store, history.appends.slice(0, half));
  const db = openReadModelDatabase(':memory:');
  const runner = runnerOver(store, db, { batchSize: 64 });
  await runner.start();
  for (const [i, { streamId, events }] of history.appends.slice(half).entries()) {
    await store.appendToStream(streamId, events);
    // Now and then let the runner commit between appends, as it does under real traffic.
    if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await runner.waitForPosition(await lastPositionOf(store));
  await runner.stop();
  return db;
}

describe('Rebuild (issue 4.7): the read models rebuilt from the log equal the live ones', () => {
  let store: MemoryEventStore;
  let live: ReadModelDatabase;

  beforeAll(async () => {
    store = new MemoryEventStore();
    live = await liveReadModel(store);
  });
  afterAll(() => store.close());

  it('given a generated history of thousands of payments, the history covers every payment event type the ledger writes in normal operation', () => {
    const types = new Set(history.appends.flatMap(({ events }) => events.map((e) => e.type)));
    expect([...types].sort()).toEqual(
      [
        'JudgmentViewed',
        'JudgmentViewsTransferred',
        'NoiseRecorded',
        'PaymentApprovalVoidStarted',
        'PaymentApprovalVoided',
        'PaymentCancellationFailed',
        'PaymentCancellationStarted',
        'PaymentCancelled',
        'PaymentCompleted',
        'PaymentFailed',
        'PaymentRequested',
      ].sort(),
    );
    expect(history.payments.size).toBe(2_000);
  });

  it('when rebuilt into a fresh file, then every table, row and checkpoint is identical', async () => {
    const rebuilt = await rebuiltReadModel(store);
    const expected = dumpReadModels(live);
    expect(expected.rows.payments).toHaveLength(2_000);
    expect(dumpReadModels(rebuilt)).toEqual(expected);
  });

  it('then every payment reads back as the state the ledger folded (R14 facts)', () => {
    const ids = [...history.payments.keys()];
    const expected = [...history.payments.values()].map(expectedRecord);
    expect(ids.map((paymentId) => getPayment(live, paymentId))).toEqual(expected);
  });

  it('then cancellable is the ledger rule applied to the read model, at any now (R9–R11, R19)', () => {
    // The last simulated day (completions today), and a day whose settlement is closed.
    const closed = (day: BusinessDate) => day < businessDate(history.end.minus({ days: 1 }));
    for (const now of [history.end, history.end.minus({ days: 1 })]) {
      const verdicts = verdictsAt(history, live, now, closed);
      expect(verdicts.disagreements).toEqual([]);
      expect(verdicts.cancellable).toBeGreaterThan(0);
    }
  });
});

/** What the read model must hold for a payment the ledger folded to `state`. */
function expectedRecord(state: PaymentState): PaymentRecord {
  if (state.status === 'NONE') throw new Error('The history holds no empty payment');
  const failures = 'cancellationFailures' in state ? state.cancellationFailures : [];
  return {
    paymentId: state.paymentId,
    status: state.status,
    payer: state.payer,
    payerKey: payerKeyOf(state.payer),
    instrument: state.instrument,
    amountKrw: state.amountKrw,
    items: state.items,
    requestedAt: state.requestedAt,
    requestedOn: businessDate(state.requestedAt),
    expiresAt: state.expiresAt,
    repaymentOf: state.repaymentOf,
    completion: 'completion' in state ? state.completion : null,
    failure: 'failure' in state ? state.failure : null,
    cancelledAt: 'cancelledAt' in state ? state.cancelledAt : null,
    pgCancelTransactionId: 'pgCancelTransactionId' in state ? state.pgCancelTransactionId : null,
    cancellation:
      state.status === 'CANCELLING'
        ? {
            cancellationId: state.cancellation.cancellationId,
            startedAt: state.cancellation.startedAt,
          }
        : null,
    // The read model keeps the last failure's PG answer, not which cancellation it ended.
    cancellationFailures: {
      count: failures.length,
      last: failures.length === 0 ? null : { ...failures.at(-1)!, cancellationId: null },
    },
    lateApprovalCount: 'lateApprovals' in state ? state.lateApprovals.length : 0,
  };
}

function verdictsAt(
  history: History,
  db: ReadModelDatabase,
  now: DateTime,
  closed: (day: BusinessDate) => boolean,
): { disagreements: string[]; cancellable: number } {
  const disagreements: string[] = [];
  let cancellable = 0;
  for (const [paymentId, state] of history.payments) {
    const record = getPayment(db, paymentId);
    if (record === null) throw new Error(`${paymentId} is missing`);
    const listed = cancelBlockedReason(paymentStateOf(record), now, closed);
    const expected = cancelBlockedReason(state, now, closed);
    if (listed !== expected) disagreements.push(paymentId);
    if (listed === null) cancellable += 1;
  }
  return { disagreements, cancellable };
}
