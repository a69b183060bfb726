/**
 * Issue 13: the projection runner on a read-model file whose disk fills up (played with SQLite's
 * `max_page_count`). A full disk is no bug of a projection: the runner does not stop for good (as
 * it does on ProjectionApplyError), nor does it crash the process; it retries after its backoff
 * from the last checkpoint and, once there is space again, applies every event exactly once.
 */
import { MemoryEventStore, storageFaultOf } from '@lib/event-store';
import { WaitForPositionTimeoutError } from '../src/errors';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { appendInOrder, generateHistory } from './support/history';
import { lastPositionOf, rebuiltReadModel, runnerOver } from './support/read-models';

describe('Projection runner: a full disk under the read models', () => {
  it('given the read-model file full, then the runner retries without stopping, and applies every event once when space is back', async () => {
    const store = new MemoryEventStore();
    const db = openReadModelDatabase(':memory:');
    const errors: unknown[] = [];
    let reported!: () => void;
    const firstError = new Promise<void>((resolve) => (reported = resolve));
    const runner = runnerOver(store, db, {
      backoff: { initialMs: 5, maxMs: 20 },
      onError: (error) => {
        errors.push(error);
        reported();
      },
    });
    await runner.start();
    await runner.caughtUp;
    // Full from here on: the tables exist, with no room for the rows of 300 payments.
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages + 2}`);

    await appendInOrder(store, generateHistory({ payments: 300, seed: 13 }).appends);
    const last = await lastPositionOf(store);
    await firstError;
    await expect(runner.waitForPosition(last, 50)).rejects.toBeInstanceOf(
      WaitForPositionTimeoutError,
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(storageFaultOf(error)).toMatchObject({ kind: 'FULL' });

    db.pragma('max_page_count = 1073741823');
    await runner.waitForPosition(last, 10_000);
    await runner.stop();
    // The tally projection throws on an event applied twice; a skipped one shows in the dump.
    expect(dumpReadModels(db)).toEqual(dumpReadModels(await rebuiltReadModel(store)));
    await store.close();
  });
});
