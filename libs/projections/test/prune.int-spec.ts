import { MemoryEventStore } from '@lib/event-store';
import { businessDate } from '@lib/ledger';
import { getPayment, prunePayments } from '../src/payments';
import type { ReadModelDatabase } from '../src/projection';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModelDatabase } from '../src/read-model-database';
import { appendPaymentEvents, completed, kst, requested, viewed } from './support/events';
import { appendInOrder, generateHistory } from './support/history';
import { lastPositionOf, rebuiltReadModel, runnerOver } from './support/read-models';

const count = (db: ReadModelDatabase, table: string): unknown =>
  db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('R14 pruning: payments older than the window leave the read model, never the log', () => {
  let store: MemoryEventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    store = new MemoryEventStore();
    await appendPaymentEvents(store, [
      requested('p-old', kst('2026-08-31T23:59:59.999')),
      completed('p-old', kst('2026-09-01T00:00:30')),
      requested('p-edge', kst('2026-09-01T00:00')),
      requested('p-new', kst('2026-11-20T10:00')),
    ]);
    db = openReadModelDatabase(':memory:');
    runner = runnerOver(store, db);
    await runner.start();
    await runner.caughtUp;
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
  });

  it('given payments either side of the first day, then only those requested before it go, with their items', async () => {
    const eventsBefore = (await store.readAll()).length;
    expect(prunePayments(db, '2026-09-01')).toBe(1);
    expect(getPayment(db, 'p-old')).toBeNull();
    expect(getPayment(db, 'p-edge')).not.toBeNull();
    expect(count(db, "payment_items WHERE payment_id = 'p-old'")).toBe(0);
    expect(count(db, 'payment_items')).toBe(4);
    expect(await store.readAll()).toHaveLength(eventsBefore);
  });

  it('given nothing older than the day, then pruning removes nothing', () => {
    expect(prunePayments(db, '2026-08-01')).toBe(0);
    expect(count(db, 'payments')).toBe(3);
  });

  it('given a pruned payment, when a later event of it arrives, then it does not come back', async () => {
    prunePayments(db, '2026-09-01');
    await appendPaymentEvents(store, [viewed('p-old', 'p-old-i1', kst('2026-09-01T00:01'))]);
    const last = await lastPositionOf(store);
    await runner.waitForPosition(last);
    expect(getPayment(db, 'p-old')).toBeNull();
    expect(count(db, "payment_items WHERE payment_id = 'p-old'")).toBe(0);
    expect(runner.checkpointOf('payments')).toEqual(last);
  });

  it('given a generated history, then exactly the payments requested before the day are pruned', async () => {
    const history = generateHistory({ payments: 500, seed: 9 });
    const generated = new MemoryEventStore();
    await appendInOrder(generated, history.appends);
    const live = await rebuiltReadModel(generated);
    // A week before the history ends: some payments are older, some newer.
    const day = businessDate(history.end.minus({ days: 7 }));
    const kept = [...history.payments.values()]
      .flatMap((state) => (state.status === 'NONE' ? [] : [state]))
      .filter((state) => businessDate(state.requestedAt) >= day)
      .map((state) => state.paymentId)
      .sort();

    expect(prunePayments(live, day)).toBe(history.payments.size - kept.length);
    expect(kept.length).toBeGreaterThan(0);
    const remaining = live.prepare('SELECT payment_id FROM payments ORDER BY 1').pluck().all();
    expect(remaining).toEqual(kept);
    const orphans = 'payment_items WHERE payment_id NOT IN (SELECT payment_id FROM payments)';
    expect(count(live, orphans)).toBe(0);
  });
});
