import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  MemoryEventStore,
  openSqliteEventStore,
  type EventStore,
  type SqliteEventStore,
} from '@lib/event-store';
import { isPaymentEventType } from '@lib/ledger';
import type { Projection, ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase, ReadModelFileInUseError } from '../src/read-model-database';
import { rebuildReadModelFile, scratchFileOf } from '../src/rebuild-read-model-file';
import { SagaCheckpoints } from '../src/saga-checkpoints';
import { dumpReadModels, type ReadModelDump } from './support/dump';
import { appendInOrder, generateHistory } from './support/history';
import { at, rebuiltReadModel, runnerOver, testProjections } from './support/read-models';

const REPO = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'rebuild-kill.child.ts');

const root = mkdtempSync(join(tmpdir(), 'projections-rebuild-file-'));
let dirs = 0;
let child: ChildProcess | undefined;
const history = generateHistory({ payments: 1_000, seed: 11 });

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface DataDir {
  readonly store: SqliteEventStore;
  readonly storePath: string;
  /** The read-model file, kept by a runner over the first half of the log, with a saga's row. */
  readonly file: string;
}

/** A store holding the whole history, and a read-model file a service left behind half-way. */
async function dataDir(): Promise<DataDir> {
  const dir = join(root, `data-${(dirs += 1)}`);
  const storePath = join(dir, 'events.sqlite');
  const file = join(dir, 'read-models.sqlite');
  const store = openSqliteEventStore({ path: storePath });
  const half = Math.floor(history.appends.length / 2);
  await appendInOrder(store, history.appends.slice(0, half));
  const db = openReadModelDatabase(file, { exclusive: true });
  const runner = runnerOver(store, db);
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
  new SagaCheckpoints(db).save('payment-follow-ups', at(123));
  db.close();
  // One group commit: the appends are submitted in order, so each stream keeps its order.
  await Promise.all(
    history.appends.slice(half).map((a) => store.appendToStream(a.streamId, a.events)),
  );
  return { store, storePath, file };
}

function dumpOf(file: string): ReadModelDump {
  const db = openReadModelDatabase(file);
  try {
    return dumpReadModels(db);
  } finally {
    db.close();
  }
}

/** What the file must hold after a rebuild: a clean rebuild, and the saga's row carried over. */
async function cleanRebuildOf(store: SqliteEventStore): Promise<ReadModelDump> {
  const db = await rebuiltReadModel(store);
  new SagaCheckpoints(db).save('payment-follow-ups', at(123));
  return dumpReadModels(db);
}

/** The first payment event at or after `position`: the tally, which fails or freezes, sees no other. */
async function paymentEventFrom(store: EventStore, position: number): Promise<number> {
  const events = await store.readAll({ fromPosition: at(position), maxCount: 100 });
  const event = events.find((candidate) => isPaymentEventType(candidate.type));
  if (event === undefined) throw new Error(`No payment event near ${position}`);
  return Number(event.position.commit);
}

function throwingAt(position: number): Projection[] {
  const [payments, tally] = testProjections();
  if (payments === undefined || tally === undefined) throw new Error('Two test projections');
  const broken: Projection = {
    ...tally,
    apply(event, tx: ReadModelDatabase) {
      if (event.position.commit === BigInt(position)) throw new Error('bug');
      tally.apply(event, tx);
    },
  };
  return [payments, broken];
}

/** Starts a rebuild in a child process; resolves once it froze applying `position`. */
function rebuildInChildUntilFrozen(storePath: string, file: string, position: number) {
  const started = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      CHILD,
      storePath,
      file,
      String(position),
    ],
    {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: join(REPO, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child = started;
  return new Promise<ChildProcess>((resolvePromise, reject) => {
    createInterface({ input: started.stdout }).on('line', (line) => {
      if (line === `frozen ${position}`) resolvePromise(started);
    });
    started.on('exit', (code, signal) => reject(new Error(`The child exited (${code ?? signal})`)));
  });
}

function kill(victim: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    victim.on('exit', () => resolvePromise());
    victim.kill('SIGKILL');
  });
}

describe('Rebuild of a read-model file through a scratch file (docs/adr/0004)', () => {
  it('given a file a service left behind, when rebuilt, then it equals a clean rebuild, keeps the sagas’ checkpoints and leaves no scratch file', async () => {
    const { store, file } = await dataDir();
    const report = await rebuildReadModelFile({ store, file, projections: testProjections() });

    expect(report.eventsDone).toBe(history.appends.flatMap((a) => a.events).length);
    expect(dumpOf(file)).toEqual(await cleanRebuildOf(store));
    expect(existsSync(scratchFileOf(file))).toBe(false);
    const db = openReadModelDatabase(file, { exclusive: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await store.close();
  });

  it('given a projection that throws half-way, when rebuilt, then the rebuild fails and the file is exactly as it was', async () => {
    const { store, file } = await dataDir();
    const before = dumpOf(file);

    await expect(
      rebuildReadModelFile({
        store,
        file,
        projections: throwingAt(await paymentEventFrom(store, 2_000)),
        batchSize: 300,
        onError: () => undefined,
      }),
    ).rejects.toMatchObject({ name: 'ProjectionApplyError', projection: 'tally' });

    expect(dumpOf(file)).toEqual(before);
    expect(existsSync(scratchFileOf(file))).toBe(false);
    await store.close();
  });

  it('given a rebuild SIGKILLed half-way, then the file is exactly as it was, and the next rebuild starts its scratch file afresh and succeeds', async () => {
    const { store, storePath, file } = await dataDir();
    const before = dumpOf(file);

    const frozenAt = await paymentEventFrom(store, 2_000);
    await kill(await rebuildInChildUntilFrozen(storePath, file, frozenAt));

    expect(dumpOf(file)).toEqual(before);
    expect(existsSync(scratchFileOf(file))).toBe(true);
    await rebuildReadModelFile({ store, file, projections: testProjections() });
    expect(dumpOf(file)).toEqual(await cleanRebuildOf(store));
    expect(existsSync(scratchFileOf(file))).toBe(false);
    await store.close();
  });

  it('given a file held by a running service, then the rebuild refuses before building anything', async () => {
    const { store, file } = await dataDir();
    const service = openReadModelDatabase(file, { exclusive: true });
    try {
      await expect(
        rebuildReadModelFile({ store, file, projections: testProjections() }),
      ).rejects.toBeInstanceOf(ReadModelFileInUseError);
      expect(existsSync(scratchFileOf(file))).toBe(false);
    } finally {
      service.close();
      await store.close();
    }
  });

  it('given the same log in the SQLite store (read in slim pages) and in memory (read through readAll), then the rebuilt read models are identical', async () => {
    const { store } = await dataDir();
    const memory = new MemoryEventStore();
    // The SQLite store got its second half in one group commit; positions agree all the same.
    await appendInOrder(memory, history.appends);
    expect(dumpReadModels(await rebuiltReadModel(store))).toEqual(
      dumpReadModels(await rebuiltReadModel(memory)),
    );
    await memory.close();
    await store.close();
  });
});
