import { END, START, type RecordedEvent } from '../../src/event-store.port';
import {
  anEvent,
  idsOf,
  isStrictlyIncreasing,
  positionsOf,
  someEvents,
  uniqueStream,
  type StoreOfTest,
} from './fixtures';

/** Three events over two streams, appended one after another: a0, b0, a1. */
async function givenTwoStreams(
  store: StoreOfTest,
): Promise<{ a: string; b: string; all: RecordedEvent[] }> {
  const prefix = uniqueStream('read');
  const a = `${prefix}-a`;
  const b = `${prefix}-b`;
  await store().appendToStream(a, [anEvent('A', { n: 0 })]);
  await store().appendToStream(b, [anEvent('B', { n: 0 })]);
  await store().appendToStream(a, [anEvent('A', { n: 1 })]);
  const all = (await store().readAll()).filter((event) => event.streamId.startsWith(prefix));
  return { a, b, all };
}

export function readContract(store: StoreOfTest): void {
  describe('readStream', () => {
    it('given no stream, when reading it, then it reads as empty', async () => {
      expect(await store().readStream(uniqueStream())).toEqual([]);
      expect(await store().readStream(uniqueStream(), { direction: 'backwards' })).toEqual([]);
    });

    it('given five events, when reading forwards from revision 2, then revisions 2, 3 and 4 come back', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(5));
      const events = await store().readStream(streamId, { fromRevision: 2n });
      expect(events.map((event) => event.revision)).toEqual([2n, 3n, 4n]);
    });

    it('given five events, when reading backwards from the end, then they come newest first', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(5));
      const events = await store().readStream(streamId, { direction: 'backwards' });
      expect(events.map((event) => event.revision)).toEqual([4n, 3n, 2n, 1n, 0n]);
      expect(
        await store().readStream(streamId, { direction: 'backwards', fromRevision: END }),
      ).toEqual(events);
    });

    it('given five events, when reading backwards from revision 2, then 2, 1 and 0 come back (inclusive)', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(5));
      const events = await store().readStream(streamId, {
        direction: 'backwards',
        fromRevision: 2n,
      });
      expect(events.map((event) => event.revision)).toEqual([2n, 1n, 0n]);
    });

    it('given five events, when reading with maxCount 2, then only two come back, in each direction', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(5));
      const forwards = await store().readStream(streamId, { maxCount: 2 });
      const backwards = await store().readStream(streamId, { direction: 'backwards', maxCount: 2 });
      const fromMiddle = await store().readStream(streamId, { fromRevision: 3n, maxCount: 5 });
      expect(forwards.map((event) => event.revision)).toEqual([0n, 1n]);
      expect(backwards.map((event) => event.revision)).toEqual([4n, 3n]);
      expect(fromMiddle.map((event) => event.revision)).toEqual([3n, 4n]);
    });

    it('given a stream, when reading forwards from start or past its end, then all or nothing comes back', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      expect(await store().readStream(streamId, { fromRevision: START })).toHaveLength(2);
      expect(await store().readStream(streamId, { fromRevision: 2n })).toEqual([]);
      expect(await store().readStream(streamId, { fromRevision: END })).toEqual([]);
    });
  });

  describe('readAll', () => {
    it('given appends to two streams, when reading $all forwards, then they come in append order with increasing positions', async () => {
      const { a, b, all } = await givenTwoStreams(store);
      expect(all.map((event) => [event.streamId, event.revision])).toEqual([
        [a, 0n],
        [b, 0n],
        [a, 1n],
      ]);
      expect(isStrictlyIncreasing(positionsOf(all))).toBe(true);
    });

    it('given events, when reading $all from a position, then the event at that position comes first (inclusive)', async () => {
      const { all } = await givenTwoStreams(store);
      const [, b0, a1] = all;
      const fromB0 = await store().readAll({ fromPosition: b0?.position, maxCount: 2 });
      expect(idsOf(fromB0)).toEqual([b0?.id, a1?.id]);
    });

    it('given events, when reading $all backwards from a position, then the events before it come, newest first (exclusive)', async () => {
      const { all } = await givenTwoStreams(store);
      const [a0, b0, a1] = all;
      const beforeA1 = await store().readAll({
        direction: 'backwards',
        fromPosition: a1?.position,
        maxCount: 2,
      });
      expect(idsOf(beforeA1)).toEqual([b0?.id, a0?.id]);
    });

    it('given events, when reading $all backwards from the end, then the newest come first', async () => {
      const { a, all } = await givenTwoStreams(store);
      const newest = await store().readAll({ direction: 'backwards', maxCount: 1 });
      expect(newest[0]?.id).toBe(all[2]?.id);
      expect(newest[0]?.streamId).toBe(a);
      const ours = new Set(idsOf(all));
      const backwards = (
        await store().readAll({ direction: 'backwards', fromPosition: END })
      ).filter((event) => ours.has(event.id));
      expect(idsOf(backwards)).toEqual(idsOf(all).reverse());
    });

    it('given events, when reading $all with maxCount, then at most that many come back', async () => {
      const { all } = await givenTwoStreams(store);
      const page = await store().readAll({ fromPosition: all[0]?.position, maxCount: 2 });
      expect(page).toHaveLength(2);
      expect(await store().readAll({ fromPosition: START, maxCount: 0 })).toEqual([]);
      expect(await store().readAll({ fromPosition: END })).toEqual([]);
    });

    it('given events, when paging through $all forwards, then each event comes exactly once', async () => {
      const streamId = uniqueStream();
      const events = someEvents(7);
      const { position: end } = await store().appendToStream(streamId, events);
      const seen = await store().readAll({
        fromPosition: (await store().readStream(streamId))[0]?.position,
        maxCount: 3,
      });
      for (
        let last = seen.at(-1);
        last !== undefined && last.position.commit < end.commit;
        last = seen.at(-1)
      ) {
        // Inclusive: the next page starts with the last event of this one.
        const page = (await store().readAll({ fromPosition: last.position, maxCount: 3 })).slice(1);
        if (page.length === 0) break;
        seen.push(...page);
      }
      expect(idsOf(seen.filter((event) => event.streamId === streamId))).toEqual(idsOf(events));
    });

    it('given an event, when reading it from $all and from its stream, then both give the same record', async () => {
      const streamId = uniqueStream();
      const { position } = await store().appendToStream(streamId, [anEvent('Same', { x: 1 })]);
      const [fromAll] = await store().readAll({ fromPosition: position, maxCount: 1 });
      const [fromStream] = await store().readStream(streamId);
      expect(fromAll).toEqual(fromStream);
    });
  });
}
