import * as grpc from '@grpc/grpc-js';
import { openEsdbEventStore, type EventStore, type RecordedEvent } from '../src';
import { startEsdbTestServer, type EsdbTestServer } from '../../../test/esdb/esdb-test-server';
import { idsOf, someEvents, take, uniqueStream } from './contract/fixtures';

/** Subscriptions that survive: the server kills or refuses subscription calls on purpose. */
describe('EventStoreDB adapter: subscriptions survive drops', () => {
  let server: EsdbTestServer;
  let store: EventStore;

  beforeEach(async () => {
    server = await startEsdbTestServer();
    store = await openEsdbEventStore(server.url, {
      resubscribe: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 },
    });
  });

  afterEach(async () => {
    await store.close();
    await server.stop();
  });

  /** Resolves once the server holds `count` open subscription calls. */
  async function openCalls(count: number): Promise<void> {
    while (server.openSubscriptions() < count) await new Promise((r) => setTimeout(r, 5));
  }

  it('given a drop mid-stream, then delivery resumes after the last delivered event: nothing twice, nothing skipped', async () => {
    const streamId = uniqueStream();
    const stored = someEvents(10);
    await store.appendToStream(streamId, stored);
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [streamId] } });
    const iterator = subscription[Symbol.asyncIterator]();
    const before = await take(iterator, 4);
    expect(server.killSubscriptions()).toBe(1);
    const rest = await take(iterator, 6);
    const live = someEvents(2);
    const arriving = take(iterator, 2);
    await subscription.caughtUp;
    await store.appendToStream(streamId, live);
    const afterLive = await arriving;
    const delivered: RecordedEvent[] = [...before, ...rest, ...afterLive];
    expect(idsOf(delivered)).toEqual(idsOf([...stored, ...live]));
    expect(delivered.map((event) => event.revision)).toEqual(
      Array.from({ length: 12 }, (_, r) => BigInt(r)),
    );
    await subscription.unsubscribe();
  });

  it('given a live subscription, when it is dropped twice, then events appended meanwhile still arrive once', async () => {
    const streamId = uniqueStream();
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [streamId] } });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = take(iterator, 1);
    await openCalls(1);
    await store.appendToStream(streamId, someEvents(1));
    await first;
    server.killSubscriptions(grpc.status.CANCELLED);
    // Written while no subscription is open: the restart must pick them up from the log.
    await store.appendToStream(streamId, someEvents(3));
    const middle = await take(iterator, 3);
    server.killSubscriptions();
    await store.appendToStream(streamId, someEvents(2));
    const last = await take(iterator, 2);
    expect([...middle, ...last].map((event) => event.revision)).toEqual([1n, 2n, 3n, 4n, 5n]);
    await subscription.unsubscribe();
  });

  it('given a server that refuses a few subscription calls, then the subscription retries with backoff and catches up', async () => {
    const streamId = uniqueStream();
    await store.appendToStream(streamId, someEvents(2));
    server.refuseSubscriptions(2);
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [streamId] } });
    const events = await take(subscription[Symbol.asyncIterator](), 2);
    expect(events.map((event) => event.revision)).toEqual([0n, 1n]);
    await subscription.unsubscribe();
  });

  it('given a server that keeps refusing, then after maxAttempts the iteration throws and caughtUp rejects', async () => {
    server.refuseSubscriptions(100);
    const subscription = store.subscribeToAll();
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toThrow(/Refused/);
    await expect(subscription.caughtUp).rejects.toThrow(/Refused/);
  });
});
