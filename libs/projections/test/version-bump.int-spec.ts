import { MemoryEventStore } from '@lib/event-store';
import { paymentsProjection, getPayment } from '../src/payments';
import type { Projection, ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { appendPaymentEvents, kst, requested } from './support/events';
import { appendInOrder, generateHistory } from './support/history';
import { lastPositionOf, rebuiltReadModel, runnerOver } from './support/read-models';
import { tallyProjection } from './support/tally.projection';

/** Starts a runner with these projections, lets it catch up, and stops it. */
async function catchUp(store: MemoryEventStore, db: ReadModelDatabase, projections: Projection[]) {
  const runner = runnerOver(store, db, { projections });
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
}

function insertStalePayment(db: ReadModelDatabase): void {
  db.prepare(
    `INSERT INTO payments (payment_id, revision, payer_type, payer_key, member_id, status, method,
      amount_krw, requested_at, requested_at_ms, requested_on)
     VALUES ('stale', 0, 'MEMBER', 'member-x', 'x', 'REQUESTED', 'CARD', 1000, '', 0, '')`,
  ).run();
}

/** The next version of the payments projection, whatever the current one is. */
const BUMPED = paymentsProjection.version + 1;
const STALE = "SELECT count(*) FROM payments WHERE payment_id = 'stale'";
const rowCount = (db: ReadModelDatabase, sql: string): unknown => db.prepare(sql).pluck().get();

describe('Projection runner: a version bump rebuilds that projection on start', () => {
  const history = generateHistory({ payments: 150, seed: 3 });
  let store: MemoryEventStore;
  let db: ReadModelDatabase;

  beforeEach(async () => {
    store = new MemoryEventStore();
    await appendInOrder(store, history.appends);
    db = openReadModelDatabase(':memory:');
    await catchUp(store, db, [paymentsProjection, tallyProjection()]);
    // Rows no event explains: what a projection's old code might have left behind.
    insertStalePayment(db);
    db.prepare("INSERT INTO tally VALUES (-1, 'marker', 'Marker')").run();
  });
  afterEach(() => store.close());

  it('given the same versions, when the runner starts again, then nothing is rebuilt', async () => {
    await catchUp(store, db, [paymentsProjection, tallyProjection()]);
    expect(rowCount(db, STALE)).toBe(1);
    expect(rowCount(db, 'SELECT count(*) FROM tally WHERE position = -1')).toBe(1);
  });

  it('given payments at the next version, when the runner starts, then only payments is dropped and rebuilt from the log', async () => {
    const paymentsV2 = { ...paymentsProjection, version: BUMPED };
    await catchUp(store, db, [paymentsV2, tallyProjection()]);

    expect(rowCount(db, STALE)).toBe(0);
    const rebuilt = dumpReadModels(await rebuiltReadModel(store, [paymentsV2]));
    const { rows } = dumpReadModels(db);
    expect(rows.payments).toEqual(rebuilt.rows.payments);
    expect(rows.payment_items).toEqual(rebuilt.rows.payment_items);
    expect(rows.projection_checkpoints).toContainEqual(
      expect.objectContaining({ name: 'payments', version: BUMPED }),
    );
    // The tally kept its rows (a rebuild would have dropped the marker, a replay without a drop
    // would have failed on its primary key).
    expect(rowCount(db, 'SELECT count(*) FROM tally WHERE position = -1')).toBe(1);
  });

  it('given projections at different checkpoints after a bump, when new events arrive, then both apply them once', async () => {
    const runner = runnerOver(store, db, {
      projections: [{ ...paymentsProjection, version: BUMPED }, tallyProjection()],
    });
    await runner.start();
    await appendPaymentEvents(store, [requested('after-bump', kst('2026-12-20T10:00'))]);
    await runner.waitForPosition(await lastPositionOf(store));
    await runner.stop();
    expect(getPayment(db, 'after-bump')?.status).toBe('REQUESTED');
    const last = Number((await lastPositionOf(store)).commit);
    expect(rowCount(db, `SELECT count(*) FROM tally WHERE position = ${last}`)).toBe(1);
  });
});
