/**
 * Issue 13: the SQLite adapter on storage that fails under it. A full disk is played with SQLite's
 * `max_page_count` and a read-only mount with a read-only connection (tests may run as root, which
 * ignores file modes). Every fault is a StorageUnavailableError, nothing of a failed append is
 * written, and the same append succeeds once the fault is gone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  openSqliteEventStore,
  storageFaultOf,
  StorageUnavailableError,
  type EventData,
  type EventStore,
} from '../src';
import { anEvent, someEvents } from './contract/fixtures';

const root = mkdtempSync(join(tmpdir(), 'event-store-storage-faults-'));
let files = 0;
const freshFile = (): string => join(root, `store-${(files += 1)}`, 'events.sqlite');
const open: EventStore[] = [];

function track<T extends EventStore>(store: T): T {
  open.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An event of about `bytes` bytes: a few fill a page of 4 KiB. */
function bulkyEvent(bytes = 1_500): EventData {
  return anEvent('Bulky', { pad: 'x'.repeat(bytes) });
}

/** Appends bulky events to fresh streams until the store refuses one; returns that refusal. */
async function fillUp(store: EventStore): Promise<{ appended: number; refusal: unknown }> {
  for (let appended = 0; appended < 1_000; appended += 1) {
    try {
      await store.appendToStream(`fill-${appended}`, [bulkyEvent()]);
    } catch (refusal) {
      return { appended, refusal };
    }
  }
  throw new Error('The capped store never filled up');
}

async function expectRejectsWith(
  work: Promise<unknown>,
  kind: StorageUnavailableError['kind'],
): Promise<StorageUnavailableError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  expect(error).toMatchObject({ kind });
  return error as StorageUnavailableError;
}

describe('SQLite adapter: a full disk (max_page_count)', () => {
  it('given a capped file, when an append no longer fits, then it rejects with FULL and writes nothing', async () => {
    const store = track(openSqliteEventStore({ path: freshFile(), maxPageCount: 10 }));
    const { appended, refusal } = await fillUp(store);
    expect(appended).toBeGreaterThan(0);
    expect(refusal).toBeInstanceOf(StorageUnavailableError);
    expect(refusal).toMatchObject({ kind: 'FULL', storageCode: 'SQLITE_FULL' });
    expect((refusal as Error).message).toMatch(/disk is full/);

    const events = await store.readAll();
    expect(events).toHaveLength(appended);
    expect(await store.readStream(`fill-${appended}`)).toEqual([]);
  });

  it('given a multi-event append of which only a part fits, then none of it is written', async () => {
    const store = track(openSqliteEventStore({ path: freshFile(), maxPageCount: 10 }));
    await store.appendToStream('first', [bulkyEvent()]);
    const before = (await store.readAll()).length;
    const many = Array.from({ length: 40 }, () => bulkyEvent());
    await expectRejectsWith(store.appendToStream('many', many), 'FULL');
    expect(await store.readStream('many')).toEqual([]);
    expect(await store.readAll()).toHaveLength(before);
  });

  it('given appends in one turn (one transaction) that do not all fit, then each commits whole or fails with FULL', async () => {
    const store = track(openSqliteEventStore({ path: freshFile(), maxPageCount: 10 }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => store.appendToStream(`turn-${i}`, [bulkyEvent()])),
    );
    const committed = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const failed = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    // SQLite may abandon the whole transaction on SQLITE_FULL: then the whole batch fails.
    expect(failed.length).toBeGreaterThan(0);
    expect(committed + failed.length).toBe(40);
    for (const error of failed) expect(error).toMatchObject({ kind: 'FULL' });
    expect(await store.readAll()).toHaveLength(committed);
  });

  it('given the refused append retried with the same ids once space is back, then it is written once', async () => {
    const path = freshFile();
    const full = openSqliteEventStore({ path, maxPageCount: 10 });
    const { appended } = await fillUp(full);
    const events = [bulkyEvent(), bulkyEvent()];
    await expectRejectsWith(full.appendToStream('retried', events), 'FULL');
    await full.close();

    const roomy = track(openSqliteEventStore({ path }));
    const first = await roomy.appendToStream('retried', events, { expectedRevision: 'no_stream' });
    const again = await roomy.appendToStream('retried', events, { expectedRevision: 'no_stream' });
    expect(again).toEqual(first);
    expect((await roomy.readStream('retried')).map((event) => event.id)).toEqual(
      events.map((event) => event.id),
    );
    expect(await roomy.readAll()).toHaveLength(appended + 2);
  });
});

describe('SQLite adapter: read-only storage', () => {
  it('given a store that can no longer be written, then an append rejects with READ_ONLY and reads still work', async () => {
    const path = freshFile();
    const writer = openSqliteEventStore({ path });
    await writer.appendToStream('kept', someEvents(2));
    await writer.close();

    const store = track(openSqliteEventStore({ path, readOnly: true }));
    await expectRejectsWith(store.appendToStream('refused', [anEvent()]), 'READ_ONLY');
    expect(await store.readStream('kept')).toHaveLength(2);
    expect(await store.readAll()).toHaveLength(2);
  });

  it('given a folder that cannot be made (a file stands in its path), then opening names the file', () => {
    const file = join(root, `a-file-${(files += 1)}`);
    writeFileSync(file, 'not a folder');
    const path = join(file, 'data', 'events.sqlite');
    let thrown: unknown;
    try {
      track(openSqliteEventStore({ path }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageUnavailableError);
    expect((thrown as Error).message).toContain(`Cannot open the event store ${path}`);
    expect((thrown as Error).message).toContain('ENOTDIR');
  });

  it('given a read-only open of a file that does not exist, then it says it cannot open it', () => {
    const path = freshFile();
    mkdirSync(dirname(path), { recursive: true });
    expect(() => openSqliteEventStore({ path, readOnly: true })).toThrow(
      expect.objectContaining({ name: 'StorageUnavailableError', kind: 'CANT_OPEN' }) as Error,
    );
  });
});

describe('SQLite adapter: which errors are storage faults', () => {
  it.each([
    ['SQLITE_FULL', 'FULL'],
    ['SQLITE_READONLY_DBMOVED', 'READ_ONLY'],
    ['SQLITE_IOERR_WRITE', 'IO_ERROR'],
    ['SQLITE_CANTOPEN', 'CANT_OPEN'],
    ['SQLITE_BUSY', 'BUSY'],
    ['SQLITE_BUSY_TIMEOUT', 'BUSY'],
    ['ENOSPC', 'FULL'],
    ['EROFS', 'READ_ONLY'],
  ])('given an error with code %s, then it is a %s fault', (code, kind) => {
    const error = Object.assign(new Error('from below'), { code });
    expect(storageFaultOf(error)).toMatchObject({ kind, storageCode: code });
  });

  it.each(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CORRUPT', 'SQLITE_ERROR', 'ENOTFOUND'])(
    'given an error with code %s, then it is no storage fault (a bug, or not the storage)',
    (code) => {
      expect(storageFaultOf(Object.assign(new Error('x'), { code }))).toBeUndefined();
    },
  );

  it('given a lock held past the busy timeout, then the append rejects with BUSY', async () => {
    const path = freshFile();
    const store = track(openSqliteEventStore({ path, busyTimeoutMs: 10 }));
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expectRejectsWith(store.appendToStream('waits', [anEvent()]), 'BUSY');
      other.exec('ROLLBACK');
      await store.appendToStream('waits', [anEvent()]);
    } finally {
      other.close();
    }
  });
});

describe('SQLite adapter: close', () => {
  it('given another connection still open, when the store closes, then its WAL is checkpointed to empty', async () => {
    const path = freshFile();
    const store = openSqliteEventStore({ path });
    await store.appendToStream('s', someEvents(20));
    const reader = new Database(path, { readonly: true });
    const count = reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
    try {
      expect(count.get()).toEqual({ n: 20 });
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      await store.close();
      expect(statSync(`${path}-wal`).size).toBe(0);
      expect(count.get()).toEqual({ n: 20 });
    } finally {
      reader.close();
    }
  });

  it('given no other connection, when the store closes, then no WAL is left beside the file', async () => {
    const path = freshFile();
    const store = openSqliteEventStore({ path });
    await store.appendToStream('s', someEvents(20));
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
