import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  EventStoreClosedError,
  WrongExpectedVersionError,
  type EventStore,
} from '../src';
import { anEvent, someEvents, uniqueStream } from './contract/fixtures';

export interface EmbeddedStoreOptions {
  readonly now: () => Date;
}

const RECORDED_AT = new Date('2026-12-01T00:00:00.000Z');

/**
 * Rules of the embedded adapters (in-memory and SQLite) beyond the port's contract: what
 * EventStoreDB does differently (positions are byte offsets there; ids are not unique across
 * streams) or what only an adapter with an injected clock can show.
 */
export function describeEmbeddedStoreRules(
  name: string,
  factory: (options: EmbeddedStoreOptions) => EventStore | Promise<EventStore>,
): void {
  describe(`embedded store rules: ${name}`, () => {
    let store: EventStore;

    beforeEach(async () => {
      store = await factory({ now: () => RECORDED_AT });
    });

    afterEach(async () => {
      await store.close();
    });

    it('given a new store, then positions count 1, 2, 3… with commit = prepare, and a refused append leaves no hole', async () => {
      await store.appendToStream('a', someEvents(2));
      await expect(
        store.appendToStream('a', [anEvent()], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await store.appendToStream('b', [anEvent()]);
      const positions = (await store.readAll()).map((event) => event.position);
      expect(positions).toEqual([1n, 2n, 3n].map((n) => ({ commit: n, prepare: n })));
    });

    it('given an injected clock, then created is its time', async () => {
      await store.appendToStream('a', [anEvent()]);
      const [event] = await store.readStream('a');
      expect(event?.created).toEqual(RECORDED_AT);
    });

    it('given an id that is not a UUID, then the append is refused as a programming error', async () => {
      await expect(
        store.appendToStream('a', [{ id: 'evt-1', type: 'T', data: {} }]),
      ).rejects.toThrow(TypeError);
      expect(await store.readAll()).toEqual([]);
    });

    it('given an upper-case UUID, then it is stored lower-case, as EventStoreDB does', async () => {
      const id = randomUUID();
      await store.appendToStream('a', [{ id: id.toUpperCase(), type: 'T', data: {} }]);
      expect((await store.readStream('a'))[0]?.id).toBe(id);
    });

    it('given an id stored in another stream, when appended again, then DuplicateEventIdError and nothing is written', async () => {
      const event = anEvent();
      await store.appendToStream('a', [event]);
      await expect(store.appendToStream('b', [event])).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.readStream('b')).toEqual([]);
    });

    it('given a stored append, when a different append reuses its first id, then DuplicateEventIdError', async () => {
      const [first, second] = someEvents(2);
      await store.appendToStream('a', [first!, second!]);
      await expect(store.appendToStream('a', [first!, anEvent()])).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      await expect(store.appendToStream('a', [anEvent(), second!])).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await store.readStream('a')).toHaveLength(2);
    });

    it('given one id twice in an append, then DuplicateEventIdError', async () => {
      const event = anEvent();
      await expect(store.appendToStream('a', [event, event])).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
    });

    it('given bad read arguments, then they are refused as programming errors', async () => {
      await expect(store.readStream('a', { maxCount: -1 })).rejects.toThrow(TypeError);
      await expect(store.readAll({ maxCount: 1.5 })).rejects.toThrow(TypeError);
      await expect(store.readStream('a', { fromRevision: -1n })).rejects.toThrow(TypeError);
      await expect(store.readStream('')).rejects.toThrow(TypeError);
      await expect(
        store.appendToStream('a', [anEvent()], { expectedRevision: -1n }),
      ).rejects.toThrow(TypeError);
      expect(() => store.subscribeToAll({ filter: { eventTypePrefixes: [] } })).toThrow(TypeError);
    });

    it('given pending appends, when the store closes, then they settle first', async () => {
      const pending = store.appendToStream('a', [anEvent()], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });

    it('given a closed store, then every call is refused with EventStoreClosedError', async () => {
      await store.close();
      await expect(store.appendToStream('a', [anEvent()])).rejects.toBeInstanceOf(
        EventStoreClosedError,
      );
      await expect(store.readStream('a')).rejects.toBeInstanceOf(EventStoreClosedError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosedError);
      expect(() => store.subscribeToAll()).toThrow(EventStoreClosedError);
    });

    it('given streams of any name, then stream ids are kept exactly', async () => {
      const streamId = `${uniqueStream('결제')}/with spaces'and"quotes`;
      await store.appendToStream(streamId, [anEvent()]);
      expect((await store.readAll())[0]?.streamId).toBe(streamId);
    });
  });
}
