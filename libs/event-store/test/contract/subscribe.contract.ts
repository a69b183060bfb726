import { randomUUID } from 'node:crypto';
import { SubscriptionEndedError } from '../../src/errors';
import { END, type RecordedEvent } from '../../src/event-store.port';
import {
  anEvent,
  consume,
  idsOf,
  isStrictlyIncreasing,
  positionsOf,
  someEvents,
  takeUntil,
  uniqueStream,
  type StoreOfTest,
} from './fixtures';

const inStream =
  (streamId: string) =>
  (event: RecordedEvent): boolean =>
    event.streamId === streamId;

export function subscribeContract(store: StoreOfTest): void {
  describe('subscribeToAll: catch-up, then live', () => {
    it('given stored events, when subscribing from start, then caughtUp resolves once all are delivered, in order', async () => {
      const streamId = uniqueStream();
      const backlog = someEvents(3);
      await store().appendToStream(streamId, backlog);
      const subscription = store().subscribeToAll();
      const { received } = consume(subscription);
      await subscription.caughtUp;
      expect(idsOf(received.filter(inStream(streamId)))).toEqual(idsOf(backlog));
      expect(isStrictlyIncreasing(positionsOf(received))).toBe(true);
      await subscription.unsubscribe();
    });

    it('given a caught-up subscription, when an event is appended, then it arrives live', async () => {
      const streamId = uniqueStream();
      const backlog = someEvents(2);
      await store().appendToStream(streamId, backlog);
      const subscription = store().subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      await takeUntil(iterator, backlog[1]?.id);
      const live = anEvent('Live');
      const arriving = takeUntil(iterator, live.id);
      await subscription.caughtUp;
      await store().appendToStream(streamId, [live], { expectedRevision: 1n });
      expect(idsOf((await arriving).filter(inStream(streamId)))).toEqual([live.id]);
      await subscription.unsubscribe();
    });

    it('given stored events, when subscribing from the end, then only later appends arrive', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      const subscription = store().subscribeToAll({ fromPosition: END });
      const live = anEvent('Live');
      const arriving = takeUntil(subscription[Symbol.asyncIterator](), live.id);
      await subscription.caughtUp;
      await store().appendToStream(streamId, [live]);
      expect(idsOf((await arriving).filter(inStream(streamId)))).toEqual([live.id]);
      await subscription.unsubscribe();
    });

    it('given a checkpoint, when resubscribing from it, then delivery resumes after it with no duplicate and no gap', async () => {
      const streamId = uniqueStream();
      const events = someEvents(5);
      await store().appendToStream(streamId, events);
      const first = store().subscribeToAll();
      const upToCheckpoint = await takeUntil(first[Symbol.asyncIterator](), events[1]?.id);
      await first.unsubscribe();
      const checkpoint = upToCheckpoint.at(-1)?.position;

      const live = anEvent('AfterRestart');
      const resumed = store().subscribeToAll({ fromPosition: checkpoint });
      const arriving = takeUntil(resumed[Symbol.asyncIterator](), live.id);
      await resumed.caughtUp;
      await store().appendToStream(streamId, [live], { expectedRevision: 4n });
      const delivered = [...upToCheckpoint, ...(await arriving)].filter(inStream(streamId));
      expect(idsOf(delivered)).toEqual([...idsOf(events), live.id]);
      await resumed.unsubscribe();
    });

    it('given concurrent appends to many streams, when live, then every event arrives once, in position order', async () => {
      const prefix = uniqueStream('live');
      const subscription = store().subscribeToAll({
        fromPosition: END,
        filter: { streamPrefixes: [prefix] },
      });
      const marker = anEvent('Marker');
      const arriving = takeUntil(subscription[Symbol.asyncIterator](), marker.id);
      await subscription.caughtUp;
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store().appendToStream(`${prefix}-${i % 10}`, [anEvent('Concurrent', { i })]),
        ),
      );
      await store().appendToStream(`${prefix}-marker`, [marker]);
      const received = await arriving;
      await subscription.unsubscribe();
      expect(received).toHaveLength(201);
      expect(new Set(idsOf(received)).size).toBe(201);
      expect(isStrictlyIncreasing(positionsOf(received))).toBe(true);
      for (let i = 0; i < 10; i += 1) {
        const revisions = received
          .filter(inStream(`${prefix}-${i}`))
          .map((event) => event.revision);
        expect(revisions).toEqual(Array.from({ length: 20 }, (_, r) => BigInt(r)));
      }
    });
  });

  describe('subscribeToAll: filters', () => {
    /** Four events: an order placed and paid, twice, in two streams; types carry a unique tag. */
    async function givenOrdersAndPayments(): Promise<{
      prefix: string;
      tag: string;
      events: RecordedEvent[];
    }> {
      const prefix = uniqueStream('filter');
      const tag = `T${randomUUID().replaceAll('-', '')}`;
      for (const n of [1, 2]) {
        await store().appendToStream(`${prefix}-orders`, [anEvent(`${tag}.OrderPlaced`, { n })]);
        await store().appendToStream(`${prefix}-payments`, [
          anEvent(`${tag}.PaymentCompleted`, { n }),
        ]);
      }
      const events = (await store().readAll()).filter((event) => event.streamId.startsWith(prefix));
      return { prefix, tag, events };
    }

    async function deliveredUntilCaughtUp(filter: {
      eventTypePrefixes?: string[];
      streamPrefixes?: string[];
    }): Promise<RecordedEvent[]> {
      const subscription = store().subscribeToAll({ filter });
      const { received } = consume(subscription);
      await subscription.caughtUp;
      await subscription.unsubscribe();
      return received;
    }

    it('given an event-type prefix, then only events of matching types arrive, stored and live', async () => {
      const { prefix, tag, events } = await givenOrdersAndPayments();
      const subscription = store().subscribeToAll({
        filter: { eventTypePrefixes: [`${tag}.Payment`] },
      });
      const live = anEvent(`${tag}.PaymentCompleted`, { n: 3 });
      const arriving = takeUntil(subscription[Symbol.asyncIterator](), live.id);
      await subscription.caughtUp;
      await store().appendToStream(`${prefix}-orders`, [anEvent(`${tag}.OrderPlaced`, { n: 3 })]);
      await store().appendToStream(`${prefix}-payments`, [live]);
      const paid = events.filter((event) => event.type.endsWith('Completed'));
      expect(idsOf(await arriving)).toEqual([...idsOf(paid), live.id]);
      await subscription.unsubscribe();
    });

    it('given a stream prefix, then only events of matching streams arrive', async () => {
      const { prefix, events } = await givenOrdersAndPayments();
      const received = await deliveredUntilCaughtUp({ streamPrefixes: [`${prefix}-orders`] });
      expect(idsOf(received)).toEqual(idsOf(events.filter(inStream(`${prefix}-orders`))));
    });

    it('given both lists, then an event matching either passes', async () => {
      const { prefix, tag, events } = await givenOrdersAndPayments();
      const received = await deliveredUntilCaughtUp({
        eventTypePrefixes: [`${tag}.Payment`],
        streamPrefixes: [`${prefix}-orders`],
      });
      expect(idsOf(received)).toEqual(idsOf(events));
    });

    it('given a filter nothing matches, then caughtUp still resolves', async () => {
      await givenOrdersAndPayments();
      expect(await deliveredUntilCaughtUp({ eventTypePrefixes: [`none-${randomUUID()}`] })).toEqual(
        [],
      );
    });
  });

  describe('subscribeToAll: ending', () => {
    it('given a running consumer, when unsubscribing, then its iteration ends', async () => {
      await store().appendToStream(uniqueStream(), someEvents(2));
      const subscription = store().subscribeToAll();
      const { ended } = consume(subscription);
      await subscription.caughtUp;
      await subscription.unsubscribe();
      await expect(ended).resolves.toBeUndefined();
    });

    it('given a consumer that breaks out of its loop, then the subscription ends', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(3));
      const subscription = store().subscribeToAll({ filter: { streamPrefixes: [streamId] } });
      for await (const event of subscription) {
        if (event.revision === 0n) break;
      }
      await expect(subscription[Symbol.asyncIterator]().next()).resolves.toMatchObject({
        done: true,
      });
    });

    it('given a running consumer, when the store closes, then its iteration ends', async () => {
      const subscription = store().subscribeToAll();
      const { ended } = consume(subscription);
      await subscription.caughtUp;
      await store().close();
      await expect(ended).resolves.toBeUndefined();
    });

    it('given a subscription never iterated, when it is unsubscribed, then caughtUp rejects', async () => {
      await store().appendToStream(uniqueStream(), [anEvent()]);
      const subscription = store().subscribeToAll();
      await subscription.unsubscribe();
      await expect(subscription.caughtUp).rejects.toBeInstanceOf(SubscriptionEndedError);
    });
  });
}
