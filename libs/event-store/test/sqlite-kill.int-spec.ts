import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openSqliteEventStore, type RecordedEvent } from '../src';
import { anEvent, takeUntil } from './contract/fixtures';

const REPO = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'sqlite-kill.child.ts');
/** Acknowledged events to wait for before the kill. */
const ACKNOWLEDGED = 2000;

interface Acknowledged {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
}

const root = mkdtempSync(join(tmpdir(), 'event-store-kill-'));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts the child and resolves with what it acknowledged once it has acknowledged `count` events. */
function runChildUntil(path: string, count: number): Promise<Acknowledged[]> {
  const started = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', CHILD, path],
    {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: join(REPO, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child = started;
  return new Promise((resolvePromise, reject) => {
    const acknowledged: Acknowledged[] = [];
    const lines = createInterface({ input: started.stdout });
    lines.on('line', (line) => {
      const [streamId, revision, id] = line.split(' ');
      if (streamId === undefined || revision === undefined || id === undefined) return;
      acknowledged.push({ streamId, revision: BigInt(revision), id });
      if (acknowledged.length === count) resolvePromise(acknowledged);
    });
    started.on('exit', (code, signal) => {
      if (acknowledged.length < count)
        reject(new Error(`The child exited early (${code ?? signal})`));
    });
  });
}

/** SIGKILL: no exit handler, no close(), no flush; whatever was committed is all there is. */
function kill(victim: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    victim.on('exit', () => resolvePromise());
    victim.kill('SIGKILL');
  });
}

function revisionsByStream(events: readonly RecordedEvent[]): Map<string, bigint[]> {
  const streams = new Map<string, bigint[]>();
  for (const event of events)
    streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event.revision]);
  return streams;
}

describe('SQLite adapter: killed while appending', () => {
  it('given a writer killed with SIGKILL under load, then every acknowledged event survives and the log is whole and usable', async () => {
    const path = join(root, 'killed.db');
    const acknowledged = await runChildUntil(path, ACKNOWLEDGED);
    await kill(child as ChildProcess);

    const store = openSqliteEventStore({ path });
    try {
      const all = await store.readAll();
      const byId = new Map(all.map((event) => [event.id, event]));
      const lost = acknowledged.filter((ack) => {
        const stored = byId.get(ack.id);
        return stored?.streamId !== ack.streamId || stored.revision !== ack.revision;
      });
      expect(lost).toEqual([]);
      expect(all.length).toBeGreaterThanOrEqual(ACKNOWLEDGED);
      // Positions 1..n with no hole; each stream's revisions 0..k with no hole.
      expect(all.map((event) => event.position.commit)).toEqual(all.map((_, i) => BigInt(i + 1)));
      for (const revisions of revisionsByStream(all).values()) {
        expect(revisions).toEqual(revisions.map((_, i) => BigInt(i)));
      }
      // Usable: appends continue each stream where it stopped, and a subscription sees them.
      const subscription = store.subscribeToAll({ fromPosition: all.at(-1)?.position });
      const marker = anEvent('AfterTheKill');
      const arriving = takeUntil(subscription[Symbol.asyncIterator](), marker.id);
      const last = all.at(-1) as RecordedEvent;
      await store.appendToStream(last.streamId, [marker], { expectedRevision: last.revision });
      expect((await arriving).map((event) => event.position.commit)).toEqual([
        BigInt(all.length + 1),
      ]);
    } finally {
      await store.close();
    }
  });
});
