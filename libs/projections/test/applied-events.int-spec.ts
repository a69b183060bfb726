import { MemoryEventStore, type SlimEvent } from '@lib/event-store';
import { paymentsProjection } from '../src/payments';
import type { Projection, ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { appendInOrder, generateHistory } from './support/history';
import { lastPositionOf, runnerOver } from './support/read-models';
import { tallyProjection } from './support/tally.projection';

/** Runs a runner until it has caught up, telling `seen` of the events it applied, and stops it. */
async function catchUp(
  store: MemoryEventStore,
  db: ReadModelDatabase,
  projections: Projection[],
  seen: SlimEvent[],
): Promise<void> {
  const runner = runnerOver(store, db, {
    projections,
    onApplied: (events) => seen.push(...events),
  });
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
}

/** The metrics' count of payment transitions (issue 14) rests on this. */
describe('Projection runner: onApplied tells of each event of the log once per read-model file', () => {
  const history = generateHistory({ payments: 60, seed: 5 });
  let store: MemoryEventStore;
  let db: ReadModelDatabase;

  beforeEach(async () => {
    store = new MemoryEventStore();
    await appendInOrder(store, history.appends);
    db = openReadModelDatabase(':memory:');
  });
  afterEach(() => store.close());

  it('tells of every event once while catching up, and of nothing again after a restart', async () => {
    const seen: SlimEvent[] = [];
    await catchUp(store, db, [paymentsProjection, tallyProjection()], seen);
    const all = await store.readAll();
    expect(seen.map((event) => event.position)).toEqual(all.map((event) => event.position));
    expect(seen.at(-1)?.position).toEqual(await lastPositionOf(store));

    const again: SlimEvent[] = [];
    await catchUp(store, db, [paymentsProjection, tallyProjection()], again);
    expect(again).toEqual([]);
  });

  it('tells of nothing again when one projection is rebuilt from the start (a version bump)', async () => {
    await catchUp(store, db, [paymentsProjection, tallyProjection()], []);
    const seen: SlimEvent[] = [];
    const bumped = { ...paymentsProjection, version: paymentsProjection.version + 1 };
    await catchUp(store, db, [bumped, tallyProjection()], seen);
    expect(seen).toEqual([]);
  });
});
