/**
 * The victim of runner-kill.int-spec.ts: runs the projection runner over the event store file
 * argv[2] into the read-model file argv[3], in transactions of argv[4] events (catching up and
 * live). When the tally applies the event at position argv[5], in the middle of a batch's
 * transaction, it prints `frozen <position>` and blocks right there until it is killed: the kill
 * lands inside an open transaction, every time, with no race to win.
 */
import { openSqliteEventStore } from '@lib/event-store';
import type { Projection } from '../src/projection';
import { ProjectionRunner } from '../src/projection-runner';
import { openReadModelDatabase } from '../src/read-model-database';
import { paymentsProjection } from '../src/payments';
import { tallyProjection } from './support/tally.projection';

const [storePath, readModelPath, batchSize, freezeAt] = process.argv.slice(2);
if (storePath === undefined || readModelPath === undefined || freezeAt === undefined) {
  throw new Error('usage: runner-kill.child.ts <events file> <read-model file> <batch> <position>');
}

/** Blocks the thread (not just this task): nothing else of the process runs until the kill. */
function freezeUntilKilled(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}

const tally = tallyProjection();
const freezingTally: Projection = {
  ...tally,
  apply(event, tx) {
    tally.apply(event, tx);
    if (event.position.commit !== BigInt(freezeAt)) return;
    process.stdout.write(`frozen ${freezeAt}\n`);
    freezeUntilKilled();
  },
};

const runner = new ProjectionRunner({
  store: openSqliteEventStore({ path: storePath }),
  db: openReadModelDatabase(readModelPath),
  projections: [paymentsProjection, freezingTally],
  batchSize: Number(batchSize),
  catchUpBatchSize: Number(batchSize),
});

runner.start().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
