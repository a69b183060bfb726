/**
 * Property-based tests of idempotency keys in the command streams (docs/adr/0011; DESIGN.md §6
 * `IDEMPOTENCY_KEY_REUSED`; issue 13 point 3). There is no idempotency decider any more: a
 * request's events carry `idempotency: { key, fingerprint, answered }` in their metadata and the
 * command loop reads them back (`priorAttempt`, `replayOf`). So the properties are over those:
 * 1. random streams of stamped and unstamped events, against the rule written out plainly;
 * 2. random requests and retries run through `handleCommand` on the in-memory event store,
 *    against a reference model: an answered request takes effect exactly once.
 * On failure fast-check prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { MemoryEventStore, type JsonObject, type RecordedEvent } from '@lib/event-store';
import type { Decision } from '@lib/ledger';
import { handleCommand, replayOf, type Evolver } from './command-loop';
import { IdempotencyTicket, priorAttempt, type PriorAttempt } from './idempotency';
import { RefusedError } from './refused.error';

/** Runs per property; `LEDGER_PROPERTY_RUNS=20` searches twenty times deeper. */
function runs(base: number): number {
  const factor = Number(process.env.LEDGER_PROPERTY_RUNS ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
}

const RUNS = runs(300);
const BROKEN_RUNS = runs(1_000);

class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
}

/** A broken invariant, named by its rule: fast-check shrinks the run and reports the seed. */
function holds(condition: unknown, rule: string, detail: () => string): asserts condition {
  if (!condition) throw new PropertyViolation(`${rule}: ${detail()}`);
}

/** Proves a property can fail: against a broken implementation it must find a counterexample. */
function expectCounterexample<Ts>(property: fc.IProperty<Ts>, rule: RegExp, numRuns: number): void {
  const details = fc.check(property, { numRuns, endOnFailure: true });
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toMatch(rule);
}

// ---------------------------------------------------------------------------------------------
// 1. priorAttempt and replayOf over random streams.

interface Stamp {
  readonly key: number;
  readonly fingerprint: number;
  readonly answered: boolean;
}

/** One event of a stream: its payload `n` and, when a request wrote it, that request's stamp. */
interface StreamEvent {
  readonly n: number;
  readonly stamp: Stamp | null;
}

const stampArb: fc.Arbitrary<Stamp> = fc.record({
  key: fc.nat(2),
  fingerprint: fc.nat(1),
  answered: fc.boolean(),
});

const streamArb: fc.Arbitrary<StreamEvent[]> = fc.array(
  fc.record({
    n: fc.nat(99),
    stamp: fc.oneof(
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 3, arbitrary: stampArb },
    ),
  }),
  { maxLength: 20, size: 'max' },
);

const ticketArb = fc.record({ key: fc.nat(2), fingerprint: fc.nat(1) });

const keyOf = (key: number) => `key-${key}`;
const fingerprintOf = (fingerprint: number) => `fingerprint-${fingerprint}`;

function recorded(events: readonly StreamEvent[]): RecordedEvent[] {
  return events.map(({ n, stamp }, index) => {
    const metadata: JsonObject =
      stamp === null
        ? { correlationId: `c-${index}` }
        : {
            idempotency: {
              key: keyOf(stamp.key),
              fingerprint: fingerprintOf(stamp.fingerprint),
              answered: stamp.answered,
            },
          };
    return {
      id: `event-${index}`,
      type: 'Counted',
      data: { n },
      metadata,
      streamId: 'payment-p',
      revision: BigInt(index),
      position: { commit: BigInt(index + 1), prepare: BigInt(index + 1) },
      created: new Date(0),
    };
  });
}

interface Counted {
  readonly type: 'Counted';
  readonly data: { readonly n: number };
}

/** A fold whose state shows exactly which events it took: their payloads, in order. */
const evolver: Evolver<readonly number[], Counted> = {
  initialState: [],
  evolve: (state, event) => [...state, event.data.n],
};

/** The rule of docs/adr/0011, written out: what the stream says of the ticket's request. */
function expectedAttempt(
  events: readonly StreamEvent[],
  ticket: { key: number; fingerprint: number },
): PriorAttempt {
  const mine = events
    .map((event, index) => ({ ...event, index }))
    .filter(({ stamp }) => stamp?.key === ticket.key);
  if (mine.some(({ stamp }) => stamp!.fingerprint !== ticket.fingerprint))
    return { kind: 'reused' };
  const answered = mine.filter(({ stamp }) => stamp!.answered).at(-1);
  if (answered !== undefined) return { kind: 'answered', index: answered.index };
  return mine.length > 0 ? { kind: 'unanswered' } : { kind: 'none' };
}

interface Implementation {
  readonly priorAttempt: typeof priorAttempt;
  readonly replayOf: typeof replayOf;
}

const REAL: Implementation = { priorAttempt, replayOf };

/** How a replay reads in a counterexample. */
function describeReplay(replay: ReturnType<typeof replayed>): string {
  if (replay instanceof RefusedError) return `${replay.name}: ${replay.refusal.code}`;
  return replay === null ? 'null (decide again)' : `the fold ${JSON.stringify(replay.state)}`;
}

function replayed(
  impl: Implementation,
  events: readonly RecordedEvent[],
  ticket: IdempotencyTicket,
): ReturnType<typeof replayOf<readonly number[], Counted>> | RefusedError {
  try {
    return impl.replayOf(events, ticket, evolver);
  } catch (error) {
    if (error instanceof RefusedError) return error;
    throw error;
  }
}

const ticketFor = ({ key, fingerprint }: { key: number; fingerprint: number }) =>
  new IdempotencyTicket(keyOf(key), fingerprintOf(fingerprint));

/** ADR 0011: the same key with another request anywhere in the stream is refused, never replayed. */
function reusedKeyIsRefused(impl: Implementation) {
  return fc.property(streamArb, ticketArb, (stream, t) => {
    const expected = expectedAttempt(stream, t);
    fc.pre(expected.kind === 'reused');
    const events = recorded(stream);
    const ticket = ticketFor(t);
    const prior = impl.priorAttempt(events, ticket);
    const replay = replayed(impl, events, ticket);
    holds(
      prior.kind === 'reused' &&
        replay instanceof RefusedError &&
        replay.refusal.code === 'IDEMPOTENCY_KEY_REUSED' &&
        ticket.replayed === null,
      'ADR 0011 the same key with another request is always refused IDEMPOTENCY_KEY_REUSED',
      () => `priorAttempt ${JSON.stringify(prior)}, replayOf ${describeReplay(replay)}`,
    );
  });
}

/** ADR 0011: an answered request is replayed as the stream stood after its last answering event. */
function answeredIsReplayed(impl: Implementation) {
  return fc.property(streamArb, ticketArb, (stream, t) => {
    const expected = expectedAttempt(stream, t);
    fc.pre(expected.kind === 'answered');
    const index = expected.kind === 'answered' ? expected.index : -1;
    const events = recorded(stream);
    const ticket = ticketFor(t);
    const prior = impl.priorAttempt(events, ticket);
    const replay = replayed(impl, events, ticket);
    const fold = stream.slice(0, index + 1).map(({ n }) => n);
    holds(
      JSON.stringify(prior) === JSON.stringify(expected) &&
        replay !== null &&
        !(replay instanceof RefusedError) &&
        JSON.stringify(replay.state) === JSON.stringify(fold) &&
        replay.revision === BigInt(index) &&
        replay.replayed === events[index] &&
        ticket.replayed === events[index] &&
        replay.decision.events.length === 0,
      'ADR 0011 an answered attempt is replayed as the fold up to its last answered event',
      () =>
        `expected the fold of events 0..${index} ${JSON.stringify(fold)}; got ` +
        `${JSON.stringify(prior)} and ${replay instanceof RefusedError ? describeReplay(replay) : JSON.stringify(replay?.state)}`,
    );
  });
}

/** ADR 0011: a request never answered (a 202, a PG failure) or never seen is decided again. */
function unansweredIsDecidedAgain(impl: Implementation) {
  return fc.property(streamArb, ticketArb, (stream, t) => {
    const expected = expectedAttempt(stream, t);
    fc.pre(expected.kind === 'unanswered' || expected.kind === 'none');
    const events = recorded(stream);
    const ticket = ticketFor(t);
    const prior = impl.priorAttempt(events, ticket);
    const replay = replayed(impl, events, ticket);
    holds(
      prior.kind === expected.kind && replay === null && ticket.replayed === null,
      'ADR 0011 an unanswered attempt is decided again',
      () =>
        `expected ${expected.kind}; got ${JSON.stringify(prior)}, replay ${describeReplay(replay)}`,
    );
  });
}

/** Broken readings of the stamps, each dropping one rule. */
const broken = {
  /** Reads only the key: another request under the same key is replayed as if it were this one. */
  ignoresFingerprint: {
    ...REAL,
    priorAttempt: (events, ticket) => {
      const stamped = events.find(
        (event) =>
          (event.metadata as { idempotency?: { key?: string } }).idempotency?.key === ticket.key,
      );
      const fingerprint = (stamped?.metadata as { idempotency?: { fingerprint?: string } })
        ?.idempotency?.fingerprint;
      return priorAttempt(
        events,
        new IdempotencyTicket(ticket.key, fingerprint ?? ticket.fingerprint),
      );
    },
    replayOf: (events, ticket, evolve) => {
      const stamped = events.find(
        (event) =>
          (event.metadata as { idempotency?: { key?: string } }).idempotency?.key === ticket.key,
      );
      const fingerprint = (stamped?.metadata as { idempotency?: { fingerprint?: string } })
        ?.idempotency?.fingerprint;
      return replayOf(
        events,
        new IdempotencyTicket(ticket.key, fingerprint ?? ticket.fingerprint),
        evolve,
      );
    },
  } satisfies Implementation,
  /** Replays the whole stream, not the stream as it stood when the request was answered. */
  replaysTheWholeStream: {
    ...REAL,
    replayOf: (events, ticket, evolve) => {
      const replay = replayOf(events, ticket, evolve);
      return replay === null
        ? null
        : {
            ...replay,
            state: events.reduce(
              (state, event) =>
                evolve.evolve(state, { type: event.type, data: event.data } as never),
              evolve.initialState,
            ),
          };
    },
  } satisfies Implementation,
  /** Replays an attempt whose answer was never kept, instead of deciding it again. */
  replaysUnanswered: {
    ...REAL,
    replayOf: (events, ticket, evolve) =>
      replayOf(
        events.map((event) => {
          const stamp = (event.metadata as { idempotency?: JsonObject }).idempotency;
          return stamp === undefined
            ? event
            : { ...event, metadata: { idempotency: { ...stamp, answered: true } } };
        }),
        ticket,
        evolve,
      ),
  } satisfies Implementation,
};

// ---------------------------------------------------------------------------------------------
// 2. Requests and their retries through the command loop.

interface Request {
  readonly key: number;
  /** Which request body: the same key with another body is another request. */
  readonly body: number;
  /** Whether the append answers the request (a 2xx) or leaves it pending (202, a PG failure). */
  readonly append: 'answers' | 'pending';
  readonly outcome: 'accept' | 'refuse' | 'refuseWithEvents' | 'nothing';
}

const requestsArb: fc.Arbitrary<Request[]> = fc.array(
  fc.record({
    key: fc.nat(2),
    body: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constant(1) },
    ),
    append: fc.constantFrom('answers' as const, 'pending' as const),
    outcome: fc.oneof(
      { weight: 3, arbitrary: fc.constant('accept' as const) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'refuse' as const,
          'refuseWithEvents' as const,
          'nothing' as const,
        ),
      },
    ),
  }),
  { maxLength: 25, size: 'max' },
);

type TestDecision = Decision<Counted, { readonly code: string }>;

function decisionFor(request: Request, n: number): TestDecision {
  const event: Counted = { type: 'Counted', data: { n } };
  switch (request.outcome) {
    case 'accept':
      return { events: [event] };
    case 'refuse':
      return { events: [], refusal: { code: 'TEST_REFUSAL' } };
    case 'refuseWithEvents':
      return { events: [event], refusal: { code: 'TEST_REFUSAL' } };
    case 'nothing':
      return { events: [] };
    default: {
      const unknown: never = request.outcome;
      throw new Error(`Unknown outcome ${String(unknown)}`);
    }
  }
}

/** What each request got, and the stream they wrote. */
interface LoopRun {
  readonly answers: readonly ('decided' | 'replayed' | 'reused')[];
  readonly expected: readonly ('decided' | 'replayed' | 'reused')[];
  readonly stream: readonly RecordedEvent[];
}

async function runRequests(requests: readonly Request[], withTickets = true): Promise<LoopRun> {
  const store = new MemoryEventStore({ now: () => new Date(0) });
  const answers: LoopRun['answers'][number][] = [];
  const expected: LoopRun['expected'][number][] = [];
  // The reference model: per key, the bodies whose events carry it, and whether one answered.
  const bodies = new Map<number, Set<number>>();
  const answered = new Set<number>();
  for (const [index, request] of requests.entries()) {
    const seen = bodies.get(request.key) ?? new Set<number>();
    const reused = [...seen].some((body) => body !== request.body);
    expected.push(reused ? 'reused' : answered.has(request.key) ? 'replayed' : 'decided');
    const ticket = ticketFor({ key: request.key, fingerprint: request.body });
    const decided = decisionFor(request, index);
    // Which request wrote an event, and whether that append answered it: read by the invariant,
    // independently of the idempotency stamps the loop adds.
    const written = {
      key: keyOf(request.key),
      answers: request.append === 'answers' && decided.refusal === undefined,
    };
    try {
      const handled = await handleCommand(store, 'payment-p', evolver, () => decided, {
        metadataFor: () => ({ correlationId: `request-${index}`, request: written }),
        maxAttempts: 1,
        ...(withTickets ? { idempotency: { ticket, append: request.append } } : {}),
      });
      answers.push(handled.replayed === undefined ? 'decided' : 'replayed');
      const decision = handled.decision;
      if (handled.replayed === undefined && decision.events.length > 0) {
        seen.add(request.body);
        bodies.set(request.key, seen);
        if (request.append === 'answers' && decision.refusal === undefined)
          answered.add(request.key);
      }
    } catch (error) {
      if (!(error instanceof RefusedError) || error.refusal.code !== 'IDEMPOTENCY_KEY_REUSED') {
        throw error;
      }
      answers.push('reused');
    }
  }
  return { answers, expected, stream: await store.readStream('payment-p') };
}

/** Every retry gets what the rule says: decided, replayed, or refused as a reused key. */
function eachRequestAnsweredAsTheRule({ answers, expected }: LoopRun): void {
  holds(
    JSON.stringify(answers) === JSON.stringify(expected),
    'ADR 0011 a retry is replayed, refused as reused, or decided again, as the stream says',
    () => `got ${answers.join(', ')}; the rule says ${expected.join(', ')}`,
  );
}

/** Exactly once: after its answered append, a request's key writes nothing more to the stream. */
function answeredRequestTakesEffectOnce({ stream }: LoopRun): void {
  const answeredAt = new Map<string, bigint>();
  for (const event of stream) {
    const stamp = (event.metadata as { request?: { key: string; answers: boolean } }).request;
    if (stamp === undefined) continue;
    const at = answeredAt.get(stamp.key);
    holds(
      at === undefined || event.revision === at + 1n,
      'ADR 0011 an answered request takes effect exactly once',
      () => `${stamp.key} wrote revision ${event.revision} after it was answered at ${at}`,
    );
    // Only the rest of the same append may follow an answered event, one revision at a time.
    if (stamp.answers || at !== undefined) answeredAt.set(stamp.key, event.revision);
  }
}

function loopProperty(invariant: (run: LoopRun) => void, withTickets = true) {
  return fc.asyncProperty(requestsArb, async (requests) =>
    invariant(await runRequests(requests, withTickets)),
  );
}

describe('idempotency keys in the command streams (docs/adr/0011): properties', () => {
  describe('ADR 0011 the same key with another request is always reused', () => {
    it('given any stream of stamped events, when the key is found with another fingerprint, then priorAttempt says reused and replayOf refuses IDEMPOTENCY_KEY_REUSED', () => {
      fc.assert(reusedKeyIsRefused(REAL), { numRuns: RUNS });
    });

    it('given a reading that ignores the fingerprint, then the property finds another request replayed', () => {
      expectCounterexample(
        reusedKeyIsRefused(broken.ignoresFingerprint),
        /ADR 0011 the same key/,
        BROKEN_RUNS,
      );
    });
  });

  describe('ADR 0011 an answered attempt is replayed as the fold up to its last answered event', () => {
    it('given any stream, when the request answered before, then the replay is the stream as it stood after its last answered event, and nothing is decided', () => {
      fc.assert(answeredIsReplayed(REAL), { numRuns: RUNS });
    });

    it('given a replay of the whole stream, then the property finds a later event in the answer', () => {
      expectCounterexample(
        answeredIsReplayed(broken.replaysTheWholeStream),
        /ADR 0011 an answered/,
        BROKEN_RUNS,
      );
    });
  });

  describe('ADR 0011 an unanswered attempt is decided again', () => {
    it('given any stream, when the request never answered or never came, then it is decided again', () => {
      fc.assert(unansweredIsDecidedAgain(REAL), { numRuns: RUNS });
    });

    it('given a replay of attempts whose answer was not kept, then the property finds it', () => {
      expectCounterexample(
        unansweredIsDecidedAgain(broken.replaysUnanswered),
        /ADR 0011 an unanswered/,
        BROKEN_RUNS,
      );
    });
  });

  describe('ADR 0011 through the command loop: an answered request takes effect exactly once', () => {
    it('given random requests and retries under three keys, when each runs through handleCommand, then each is decided, replayed or refused as the rule says', async () => {
      await fc.assert(loopProperty(eachRequestAnsweredAsTheRule), { numRuns: runs(200) });
    });

    it('given random requests and retries, when they run, then no key writes to the stream after its answered append', async () => {
      await fc.assert(loopProperty(answeredRequestTakesEffectOnce), { numRuns: runs(200) });
    });

    it('given a command loop without the tickets, then the property finds a retry that took effect twice', async () => {
      const details = await fc.check(loopProperty(answeredRequestTakesEffectOnce, false), {
        numRuns: BROKEN_RUNS,
        endOnFailure: true,
      });
      expect(details.failed).toBe(true);
      expect(String(details.errorInstance)).toMatch(/exactly once/);
    });
  });
});
