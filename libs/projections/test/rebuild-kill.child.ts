/**
 * The victim of rebuild-file.int-spec.ts: rebuilds the read-model file argv[3] from the event store
 * file argv[2] through a scratch file, in transactions of 200 events. When the tally applies the
 * event at position argv[4] it prints `frozen <position>` and blocks until it is killed: the kill
 * lands half-way through the scratch file, every time.
 */
import { openSqliteEventStore } from '@lib/event-store';
import { paymentsProjection } from '../src/payments';
import type { Projection } from '../src/projection';
import { rebuildReadModelFile } from '../src/rebuild-read-model-file';
import { tallyProjection } from './support/tally.projection';

const [storePath, file, freezeAt] = process.argv.slice(2);
if (storePath === undefined || file === undefined || freezeAt === undefined) {
  throw new Error('usage: rebuild-kill.child.ts <events file> <read-model file> <position>');
}

const tally = tallyProjection();
const freezingTally: Projection = {
  ...tally,
  apply(event, tx) {
    tally.apply(event, tx);
    if (event.position.commit !== BigInt(freezeAt)) return;
    process.stdout.write(`frozen ${freezeAt}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
};

rebuildReadModelFile({
  store: openSqliteEventStore({ path: storePath }),
  file,
  projections: [paymentsProjection, freezingTally],
  batchSize: 200,
}).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
