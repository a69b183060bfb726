import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openSqliteEventStore, type EventStore } from '@lib/event-store';
import { isPaymentEventType } from '@lib/ledger';
import type { ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { generateHistory } from './support/history';
import { at, lastPositionOf, runnerOver } from './support/read-models';

const REPO = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'runner-kill.child.ts');
/** The child's transactions: up to 100 events each. */
const CHILD_BATCH_SIZE = 100;
/** About where the child freezes (and is killed): the first payment event from here on. */
const KILL_NEAR = 1_050;

const root = mkdtempSync(join(tmpdir(), 'projections-kill-'));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts the runner in a child process; resolves once it froze applying `position`. */
function runChildUntilFrozen(eventsPath: string, readModelPath: string, position: number) {
  const args = [eventsPath, readModelPath, String(CHILD_BATCH_SIZE), String(position)];
  const started = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD, ...args],
    {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: join(REPO, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child = started;
  return new Promise<void>((resolvePromise, reject) => {
    createInterface({ input: started.stdout }).on('line', (line) => {
      if (line === `frozen ${position}`) resolvePromise();
    });
    started.on('exit', (code, signal) => reject(new Error(`The child exited (${code ?? signal})`)));
  });
}

/** SIGKILL: no exit handler, no close(), no flush; whatever was committed is all there is. */
function kill(victim: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    victim.on('exit', () => resolvePromise());
    victim.kill('SIGKILL');
  });
}

async function writeHistory(path: string): Promise<void> {
  const history = generateHistory({ payments: 3_000, seed: 42 });
  const writer = openSqliteEventStore({ path });
  // One group commit: the appends are submitted in order, so each stream keeps its order.
  await Promise.all(history.appends.map((a) => writer.appendToStream(a.streamId, a.events)));
  await writer.close();
}

function checkpoints(db: ReadModelDatabase): Map<string, number> {
  const rows = db
    .prepare('SELECT name, position_commit AS position FROM projection_checkpoints')
    .all() as { name: string; position: number }[];
  return new Map(rows.map((row) => [row.name, row.position]));
}

/** Payment events at or below `position`: the rows the tally must hold, no more, no fewer. */
async function paymentEventsUpTo(store: EventStore, position: number): Promise<number> {
  const events = await store.readAll({ maxCount: position });
  return events.filter((event) => isPaymentEventType(event.type)).length;
}

/** The first payment event at or after `position` (the tally, which freezes, sees only those). */
async function paymentEventFrom(store: EventStore, position: number): Promise<number> {
  const events = await store.readAll({ fromPosition: at(position), maxCount: 100 });
  const event = events.find((candidate) => isPaymentEventType(candidate.type));
  if (event === undefined) throw new Error(`No payment event near ${position}`);
  return Number(event.position.commit);
}

describe('Projection runner (issue 4.1): killed in the middle of a catch-up', () => {
  it('given a runner SIGKILLed while catching up on thousands of events, when a new runner resumes from the stored checkpoints, then every table equals a clean rebuild', async () => {
    const eventsPath = join(root, 'events.sqlite');
    const readModelPath = join(root, 'read-models.sqlite');
    await writeHistory(eventsPath);
    const store = openSqliteEventStore({ path: eventsPath });
    const last = Number((await lastPositionOf(store)).commit);
    const frozenAt = await paymentEventFrom(store, KILL_NEAR);

    await runChildUntilFrozen(eventsPath, readModelPath, frozenAt);
    await kill(child as ChildProcess);

    const db = openReadModelDatabase(readModelPath);
    try {
      // Killed inside the transaction of the batch that holds `frozenAt`: that batch is gone,
      // the ones before it are whole (rows and checkpoints), and the runner was mid-way.
      const atKill = checkpoints(db);
      const tallyAt = atKill.get('tally') ?? 0;
      expect(tallyAt).toBeLessThan(frozenAt);
      expect(tallyAt).toBeGreaterThanOrEqual(frozenAt - CHILD_BATCH_SIZE);
      expect(atKill.get('payments')).toBe(tallyAt);
      const tallyRows = db.prepare('SELECT count(*) FROM tally').pluck().get();
      expect(tallyRows).toBe(await paymentEventsUpTo(store, tallyAt));

      const runner = runnerOver(store, db);
      await runner.start();
      await runner.caughtUp;
      await runner.stop();
      expect(checkpoints(db)).toEqual(
        new Map([
          ['payments', last],
          ['tally', last],
        ]),
      );

      const rebuilt = openReadModelDatabase(join(root, 'rebuilt.sqlite'));
      await runnerOver(store, rebuilt).rebuild();
      expect(dumpReadModels(db)).toEqual(dumpReadModels(rebuilt));
      rebuilt.close();
    } finally {
      db.close();
      await store.close();
    }
  });
});
