import { WrongExpectedVersionError } from '../../src/errors';
import {
  NO_STREAM,
  type AppendResult,
  type CurrentRevision,
  type ExpectedRevision,
} from '../../src/event-store.port';
import {
  anEvent,
  idsOf,
  isStrictlyIncreasing,
  positionsOf,
  uniqueStream,
  type StoreOfTest,
} from './fixtures';

const CALLERS = 1000;

interface Race {
  readonly wins: { readonly id: string | undefined; readonly result: AppendResult }[];
  readonly refusals: WrongExpectedVersionError[];
}

/** `CALLERS` callers append one event each to `streamId`, all at once, expecting `expected`. */
async function race(
  store: StoreOfTest,
  streamId: string,
  expected: ExpectedRevision,
): Promise<Race> {
  const events = Array.from({ length: CALLERS }, (_, i) => anEvent('Raced', { caller: i }));
  const settled = await Promise.allSettled(
    events.map((event) =>
      store().appendToStream(streamId, [event], { expectedRevision: expected }),
    ),
  );
  const race: { wins: Race['wins']; refusals: WrongExpectedVersionError[] } = {
    wins: [],
    refusals: [],
  };
  settled.forEach((outcome, i) => {
    if (outcome.status === 'fulfilled')
      race.wins.push({ id: events[i]?.id, result: outcome.value });
    else if (outcome.reason instanceof WrongExpectedVersionError)
      race.refusals.push(outcome.reason);
    else throw outcome.reason;
  });
  return race;
}

/**
 * A writer as a command handler behaves: append expecting the revision it last saw; when refused,
 * take the revision the error reports and try again, until its event is in.
 */
async function writeWithRetry(
  store: StoreOfTest,
  streamId: string,
  caller: number,
): Promise<AppendResult> {
  const event = anEvent('Retried', { caller });
  let expected: CurrentRevision = NO_STREAM;
  for (;;) {
    try {
      return await store().appendToStream(streamId, [event], { expectedRevision: expected });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      expected = error.actualRevision;
    }
  }
}

export function concurrencyContract(store: StoreOfTest): void {
  describe('appendToStream: concurrent writers on one stream', () => {
    it(`given ${CALLERS} callers creating one stream with no_stream, then exactly one wins and the others learn revision 0`, async () => {
      const streamId = uniqueStream();
      const { wins, refusals } = await race(store, streamId, NO_STREAM);
      expect(wins).toHaveLength(1);
      expect(wins[0]?.result.nextExpectedRevision).toBe(0n);
      expect(refusals).toHaveLength(CALLERS - 1);
      expect(refusals.every((refusal) => refusal.actualRevision === 0n)).toBe(true);
      expect(idsOf(await store().readStream(streamId))).toEqual([wins[0]?.id]);
    });

    it(`given a stream at revision 4, when ${CALLERS} callers append expecting 4, then exactly one wins revision 5`, async () => {
      const streamId = uniqueStream();
      await store().appendToStream(
        streamId,
        Array.from({ length: 5 }, () => anEvent()),
      );
      const { wins, refusals } = await race(store, streamId, 4n);
      expect(wins.map((win) => win.result.nextExpectedRevision)).toEqual([5n]);
      expect(refusals).toHaveLength(CALLERS - 1);
      expect(refusals.every((refusal) => refusal.actualRevision === 5n)).toBe(true);
      const stream = await store().readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
      expect(stream.at(-1)?.id).toBe(wins[0]?.id);
    });

    it(`given ${CALLERS} callers appending with any, then each gets its own revision and the stream is contiguous`, async () => {
      const streamId = uniqueStream();
      const { wins } = await race(store, streamId, 'any');
      const revisions = wins
        .map((win) => win.result.nextExpectedRevision)
        .sort((a, b) => (a < b ? -1 : 1));
      expect(revisions).toEqual(Array.from({ length: CALLERS }, (_, r) => BigInt(r)));
      const stream = await store().readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual(revisions);
      expect(isStrictlyIncreasing(positionsOf(stream))).toBe(true);
    });

    it('given 100 writers that retry from the revision they are told, then each lands exactly once on its own revision', async () => {
      const streamId = uniqueStream();
      const writers = 100;
      const results = await Promise.all(
        Array.from({ length: writers }, (_, caller) => writeWithRetry(store, streamId, caller)),
      );
      const stream = await store().readStream(streamId);
      expect(stream.map((event) => event.revision)).toEqual(
        Array.from({ length: writers }, (_, r) => BigInt(r)),
      );
      const callers = stream.map((event) => (event.data as { caller: number }).caller);
      expect(new Set(callers).size).toBe(writers);
      const won = new Map(
        results.map((result) => [result.nextExpectedRevision, result.position.commit]),
      );
      expect(stream.every((event) => won.get(event.revision) === event.position.commit)).toBe(true);
    });
  });
}
