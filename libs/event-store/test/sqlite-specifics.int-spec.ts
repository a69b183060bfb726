import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  openSqliteEventStore,
  SqliteEventStore,
  WrongExpectedVersionError,
  type EventStore,
} from '../src';
import { applySchema, configureConnection } from '../src/sqlite/schema';
import { anEvent, idsOf, someEvents, takeUntil } from './contract/fixtures';

const root = mkdtempSync(join(tmpdir(), 'event-store-sqlite-specifics-'));
let files = 0;
const freshFile = (): string => join(root, `store-${(files += 1)}`, 'events.db');
const open: EventStore[] = [];

/** Opens a store and closes it after the test. */
function track<T extends EventStore>(store: T): T {
  open.push(store);
  return store;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A store whose connection reports every statement it runs. */
function storeWithStatementLog(path: string): { store: SqliteEventStore; statements: string[] } {
  const statements: string[] = [];
  mkdirSync(dirname(path), { recursive: true });
  const logged = new Database(path, { verbose: (sql) => statements.push(String(sql)) });
  configureConnection(logged, 5000);
  applySchema(logged);
  return { store: track(new SqliteEventStore(logged)), statements };
}

describe('SQLite adapter: group commit', () => {
  it('given 100 appends in one event-loop turn, then they share one transaction (one fsync)', async () => {
    const { store, statements } = storeWithStatementLog(freshFile());
    statements.length = 0;
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.appendToStream(`s-${i}`, [anEvent()])),
    );
    expect(statements.filter((sql) => sql === 'BEGIN IMMEDIATE')).toHaveLength(1);
    expect(statements.filter((sql) => sql === 'COMMIT')).toHaveLength(1);
    expect(statements.filter((sql) => sql.startsWith('SAVEPOINT'))).toHaveLength(100);
  });

  it('given appends in one turn, then each sees the ones before it in the batch', async () => {
    const store = track(openSqliteEventStore({ path: freshFile() }));
    const outcomes = await Promise.allSettled([
      store.appendToStream('s', [anEvent()], { expectedRevision: 'no_stream' }),
      store.appendToStream('s', [anEvent()], { expectedRevision: 0n }),
      store.appendToStream('s', [anEvent()], { expectedRevision: 1n }),
      store.appendToStream('s', [anEvent()], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    const refused = outcomes[3];
    expect(
      refused?.status === 'rejected' && refused.reason instanceof WrongExpectedVersionError,
    ).toBe(true);
    expect(refused).toMatchObject({ reason: { actualRevision: 2n } });
  });

  it('given a batch where one append fails half-way through its inserts, then only that append is undone', async () => {
    const path = freshFile();
    const store = track(openSqliteEventStore({ path }));
    // Another connection installs a trigger that refuses one event type: the failure happens at
    // the second insert of an append, after its first insert succeeded.
    const other = new Database(path);
    other.exec(
      "CREATE TRIGGER refuse_explodes BEFORE INSERT ON events WHEN NEW.type = 'Explodes' BEGIN SELECT RAISE(ABORT, 'boom'); END",
    );
    other.close();
    const before = anEvent();
    const after = anEvent();
    const outcomes = await Promise.allSettled([
      store.appendToStream('ok-1', [before]),
      store.appendToStream('broken', [anEvent('Fine'), anEvent('Explodes')]),
      store.appendToStream('ok-2', [after]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(await store.readStream('broken')).toEqual([]);
    const all = await store.readAll();
    expect(idsOf(all)).toEqual([before.id, after.id]);
    expect(all.map((event) => event.position.commit)).toEqual([1n, 2n]);
  });
});

describe('SQLite adapter: the file', () => {
  it('given a store closed and reopened, then its events are there and the file is in WAL mode', async () => {
    const path = freshFile();
    const first = openSqliteEventStore({ path });
    const events = someEvents(3);
    await first.appendToStream('s', events);
    await first.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const reopened = track(openSqliteEventStore({ path }));
    expect(idsOf(await reopened.readStream('s'))).toEqual(idsOf(events));
    await expect(
      reopened.appendToStream('s', [anEvent()], { expectedRevision: 2n }),
    ).resolves.toMatchObject({
      nextExpectedRevision: 3n,
    });
  });

  it('given a stored event, when anything tries to update or delete it, then SQLite refuses', async () => {
    const path = freshFile();
    const store = track(openSqliteEventStore({ path }));
    await store.appendToStream('s', [anEvent()]);
    const raw = new Database(path);
    expect(() => raw.exec("UPDATE events SET type = 'Changed'")).toThrow(/immutable/);
    expect(() => raw.exec('DELETE FROM events')).toThrow(/immutable/);
    raw.close();
  });

  it('given a file written by a newer schema, then opening it is refused', async () => {
    const path = freshFile();
    await openSqliteEventStore({ path }).close();
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openSqliteEventStore({ path })).toThrow(/schema 99/);
  });

  it('given two stores on one file (as two processes), then appends by one reach a live subscription of the other', async () => {
    const path = freshFile();
    const reader = track(openSqliteEventStore({ path, pollIntervalMs: 5 }));
    const writer = track(openSqliteEventStore({ path }));
    await writer.appendToStream('s', [anEvent()]);
    const subscription = reader.subscribeToAll();
    const live = anEvent('FromAnotherProcess');
    const arriving = takeUntil(subscription[Symbol.asyncIterator](), live.id);
    await subscription.caughtUp;
    await writer.appendToStream('s', [live], { expectedRevision: 0n });
    expect((await arriving).map((event) => event.type)).toEqual([
      'ThingHappened',
      'FromAnotherProcess',
    ]);
  });
});

describe('SQLite adapter: slim pages of $all (what the projection runner reads while catching up)', () => {
  it('given events of wanted and unwanted types, then a page keeps the wanted ones as readAll gives them, without id and metadata, and counts every event it read', async () => {
    const store = track(openSqliteEventStore({ path: freshFile() }));
    await store.appendToStream('a', [anEvent('Wanted', { n: 1 }), anEvent('Skipped', { n: 2 })]);
    await store.appendToStream('b', [
      { ...anEvent('Wanted', { n: 3, text: '서울중앙지방법원' }), metadata: { hash: 'h' } },
    ]);
    const all = await store.readAll();

    const page = await store.readSlimPage(null, 10, (type) => type === 'Wanted');

    const asSlim = all
      .filter((event) => event.type === 'Wanted')
      .map(({ id: _id, metadata: _metadata, ...slim }) => slim);
    expect(page.events).toEqual(asSlim);
    expect(page).toMatchObject({ read: 3, last: all[2]?.position });
  });

  it('given a position, then the page starts after it (exclusive) and holds at most the limit', async () => {
    const store = track(openSqliteEventStore({ path: freshFile() }));
    await store.appendToStream('a', someEvents(5));
    const all = await store.readAll();

    const page = await store.readSlimPage(all[1]?.position ?? null, 2, () => true);
    expect(page.events.map((event) => event.position)).toEqual(
      all.slice(2, 4).map((event) => event.position),
    );
    expect(page.read).toBe(2);
    const end = await store.readSlimPage(all[4]?.position ?? null, 2, () => true);
    expect(end).toEqual({ events: [], last: null, read: 0 });
  });
});
