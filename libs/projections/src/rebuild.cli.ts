/**
 * `npm run projections:rebuild`: drops every read model and rebuilds it from the event store, with
 * a progress bar on stderr and the rate on stdout. Files: `$LEDGER_DATA_DIR/events.sqlite` (read)
 * and `$LEDGER_DATA_DIR/read-models.sqlite` (rewritten; LEDGER_READ_MODEL_FILE names another, e.g.
 * a worker's); LEDGER_DATA_DIR defaults to `./data`. Stop the process that uses the file first.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openSqliteEventStore } from '@lib/event-store';
import { ALL_PROJECTIONS, READ_MODEL_FILE } from './all-projections';
import { progressLine } from './progress-bar';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';
import type { RebuildProgress } from './rebuild-progress';

/** Redraws at most this often: a redraw per batch would cost more than the batch on a fast disk. */
const REDRAW_EVERY_MS = 100;

async function main(): Promise<void> {
  const dataDir = resolve(process.env.LEDGER_DATA_DIR ?? 'data');
  const storePath = join(dataDir, 'events.sqlite');
  // Opening a missing store would create an empty one and "rebuild" empty read models.
  if (!existsSync(storePath)) {
    process.stderr.write(`No event store at ${storePath} (set LEDGER_DATA_DIR)\n`);
    process.exitCode = 1;
    return;
  }
  const store = openSqliteEventStore({ path: storePath });
  // Held exclusively, as the service holds it: a running service makes this stop with a clear error.
  const readModelFile = resolve(dataDir, process.env.LEDGER_READ_MODEL_FILE ?? READ_MODEL_FILE);
  const db = openReadModelDatabase(readModelFile, { exclusive: true });
  try {
    const runner = new ProjectionRunner({ store, db, projections: ALL_PROJECTIONS });
    const report = await runner.rebuild({ onProgress: progressRenderer() });
    const seconds = (report.elapsedMs / 1000).toFixed(2);
    process.stdout.write(
      `Rebuilt ${ALL_PROJECTIONS.map((p) => p.name).join(', ')} from ${report.eventsDone} events` +
        ` in ${seconds} s: ${report.eventsPerSecond} events/s\n`,
    );
  } finally {
    db.close();
    await store.close();
  }
}

/** Draws the bar in place on a terminal; prints nothing when stderr is a file or a pipe. */
function progressRenderer(): (progress: RebuildProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  let drawnAtMs = -Infinity;
  return (progress) => {
    const nowMs = performance.now();
    const { position, end } = progress;
    const finished = position !== null && end !== null && position.commit >= end.commit;
    if (nowMs - drawnAtMs < REDRAW_EVERY_MS && !finished) return;
    drawnAtMs = nowMs;
    process.stderr.write(`\r${progressLine(progress)}${finished ? '\n' : ''}`);
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nRebuild failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
