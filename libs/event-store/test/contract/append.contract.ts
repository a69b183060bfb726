import { WrongExpectedVersionError } from '../../src/errors';
import { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from '../../src/event-store.port';
import {
  anEvent,
  idsOf,
  isStrictlyIncreasing,
  positionsOf,
  someEvents,
  uniqueStream,
  type StoreOfTest,
} from './fixtures';

/** Asserts that an append was refused for its expected revision, with these details. */
async function expectWrongVersion(
  append: Promise<unknown>,
  expected: {
    streamId: string;
    expectedRevision: ExpectedRevision;
    actualRevision: bigint | 'no_stream';
  },
): Promise<void> {
  const error: unknown = await append.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject(expected);
}

export function appendContract(store: StoreOfTest): void {
  describe('appendToStream: expected revision no_stream', () => {
    it('given no stream, when appending, then the stream starts at revision 0', async () => {
      const streamId = uniqueStream();
      const result = await store().appendToStream(streamId, [anEvent()], {
        expectedRevision: NO_STREAM,
      });
      expect(result.nextExpectedRevision).toBe(0n);
      const [event] = await store().readStream(streamId);
      expect(event?.position).toEqual(result.position);
    });

    it('given a stream, when appending, then WrongExpectedVersion says it is at its last revision and nothing is written', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      const refused = anEvent();
      await expectWrongVersion(
        store().appendToStream(streamId, [refused], { expectedRevision: NO_STREAM }),
        {
          streamId,
          expectedRevision: NO_STREAM,
          actualRevision: 1n,
        },
      );
      expect(idsOf(await store().readStream(streamId))).not.toContain(refused.id);
    });
  });

  describe('appendToStream: expected revision stream_exists', () => {
    it('given no stream, when appending, then WrongExpectedVersion says no_stream', async () => {
      const streamId = uniqueStream();
      await expectWrongVersion(
        store().appendToStream(streamId, [anEvent()], { expectedRevision: STREAM_EXISTS }),
        {
          streamId,
          expectedRevision: STREAM_EXISTS,
          actualRevision: NO_STREAM,
        },
      );
      expect(await store().readStream(streamId)).toEqual([]);
    });

    it('given a stream, when appending, then the events follow its last one', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(3));
      const result = await store().appendToStream(streamId, [anEvent()], {
        expectedRevision: STREAM_EXISTS,
      });
      expect(result.nextExpectedRevision).toBe(3n);
    });
  });

  describe('appendToStream: exact expected revision', () => {
    it('given a stream at revision 1, when appending two events expecting 1, then the stream is at 3', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      const result = await store().appendToStream(streamId, someEvents(2), {
        expectedRevision: 1n,
      });
      expect(result.nextExpectedRevision).toBe(3n);
      expect((await store().readStream(streamId)).map((event) => event.revision)).toEqual([
        0n,
        1n,
        2n,
        3n,
      ]);
    });

    it('given a stream at revision 1, when appending expecting 0, then WrongExpectedVersion says 1 and nothing is written', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      await expectWrongVersion(
        store().appendToStream(streamId, someEvents(2), { expectedRevision: 0n }),
        {
          streamId,
          expectedRevision: 0n,
          actualRevision: 1n,
        },
      );
      expect(await store().readStream(streamId)).toHaveLength(2);
    });

    it('given a stream at revision 1, when appending expecting 2 (ahead of it), then WrongExpectedVersion says 1', async () => {
      const streamId = uniqueStream();
      await store().appendToStream(streamId, someEvents(2));
      await expectWrongVersion(
        store().appendToStream(streamId, [anEvent()], { expectedRevision: 2n }),
        {
          streamId,
          expectedRevision: 2n,
          actualRevision: 1n,
        },
      );
    });

    it('given no stream, when appending expecting revision 0, then WrongExpectedVersion says no_stream', async () => {
      const streamId = uniqueStream();
      await expectWrongVersion(
        store().appendToStream(streamId, [anEvent()], { expectedRevision: 0n }),
        {
          streamId,
          expectedRevision: 0n,
          actualRevision: NO_STREAM,
        },
      );
    });
  });

  describe('appendToStream: expected revision any', () => {
    it('given no stream or a stream, when appending with any (the default), then it always succeeds', async () => {
      const streamId = uniqueStream();
      const first = await store().appendToStream(streamId, [anEvent()], { expectedRevision: ANY });
      const second = await store().appendToStream(streamId, [anEvent()]);
      expect([first.nextExpectedRevision, second.nextExpectedRevision]).toEqual([0n, 1n]);
    });
  });

  describe('appendToStream: atomic multi-event append', () => {
    it('when appending three events, then they get consecutive revisions and increasing positions, in order', async () => {
      const streamId = uniqueStream();
      const events = someEvents(3);
      const result = await store().appendToStream(streamId, events, {
        expectedRevision: NO_STREAM,
      });
      const stored = await store().readStream(streamId);
      expect(idsOf(stored)).toEqual(idsOf(events));
      expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      expect(isStrictlyIncreasing(positionsOf(stored))).toBe(true);
      expect(result).toEqual({ nextExpectedRevision: 2n, position: stored[2]?.position });
    });

    it('given a refused append of several events, then none of them is in the stream or in $all', async () => {
      const streamId = uniqueStream();
      const before = await store().appendToStream(streamId, [anEvent()]);
      const refused = someEvents(3);
      await expect(
        store().appendToStream(streamId, refused, { expectedRevision: NO_STREAM }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      const after = await store().appendToStream(streamId, [anEvent()], { expectedRevision: 0n });
      const refusedIds = new Set(idsOf(refused));
      const inAll = await store().readAll({ fromPosition: before.position });
      expect(inAll.filter((event) => refusedIds.has(event.id))).toEqual([]);
      expect((await store().readStream(streamId)).map((event) => event.revision)).toEqual([0n, 1n]);
      expect(after.nextExpectedRevision).toBe(1n);
    });

    it('when appending no events, then it is refused as a programming error', async () => {
      await expect(store().appendToStream(uniqueStream(), [])).rejects.toThrow(TypeError);
    });
  });

  describe('appendToStream: idempotent retry by event id', () => {
    it('given a stored append, when it is retried with the same ids and expected revision, then the first result comes back and nothing is written', async () => {
      const streamId = uniqueStream();
      const events = someEvents(2);
      const first = await store().appendToStream(streamId, events, { expectedRevision: NO_STREAM });
      const retry = await store().appendToStream(streamId, events, { expectedRevision: NO_STREAM });
      expect(retry).toEqual(first);
      expect(idsOf(await store().readStream(streamId))).toEqual(idsOf(events));
    });

    it('given a stored append followed by others, when it is retried, then the first result comes back and nothing is written', async () => {
      const streamId = uniqueStream();
      const events = someEvents(2);
      const first = await store().appendToStream(streamId, events, { expectedRevision: NO_STREAM });
      await store().appendToStream(streamId, [anEvent()], { expectedRevision: 1n });
      const retry = await store().appendToStream(streamId, events, { expectedRevision: NO_STREAM });
      expect(retry).toEqual(first);
      expect(await store().readStream(streamId)).toHaveLength(3);
    });
  });
}
