import {
  NO_STREAM,
  WrongExpectedVersionError,
  type EventData,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Position,
  type RecordedEvent,
} from '@lib/event-store';
import { eventHash, lastHashOf, type PrevHash } from '@lib/audit';
import { idempotencyKeyReused, type Decision } from '@lib/ledger';
import {
  ATTR_COMMAND_ATTEMPTS,
  ATTR_CORRELATION_ID,
  ATTR_EVENT_COUNT,
  ATTR_EXPECTED_REVISION,
  ATTR_REFUSAL_CODE,
  ATTR_REPLAYED,
} from '@lib/observability';
import { inAppendSpan, inCommandSpan, logDomainAction } from './command-tracing';
import {
  idempotencyStamp,
  priorAttempt,
  type IdempotencyTicket,
  type IdempotentAppend,
} from './idempotency';
import { RefusedError } from './refused.error';

/**
 * A domain event as a decider produces it: a discriminated `{ type, data }`. Deciders declare
 * their data as interfaces (which TypeScript will not take as `JsonValue`); they promise plain JSON.
 */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
}

/** The fold half of a decider. */
export interface Evolver<State, Event extends DomainEvent> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
}

/** A stream folded into state, and the revision it was folded at (the next expected revision). */
export interface LoadedStream<State> {
  readonly state: State;
  readonly revision: bigint | typeof NO_STREAM;
  /** The hash of the event at `revision`: the next append's `prevHash`. */
  readonly prevHash: PrevHash;
}

export interface HandledCommand<State, D> {
  /** What the decider decided on the state the events were appended to. */
  readonly decision: D;
  /** The state after the new events (the loaded state when none were appended). */
  readonly state: State;
  /** The stream's revision after the command, or `no_stream`. */
  readonly revision: bigint | typeof NO_STREAM;
  /** Position of the last appended event, when events were appended (read-your-writes). */
  readonly position: Position | undefined;
  /**
   * Set when the request had been answered already (docs/adr/0011): nothing was decided, and
   * `state` is the stream as it stood after this event, the answer to give again.
   */
  readonly replayed?: RecordedEvent;
}

export interface HandleCommandOptions<Event extends DomainEvent> {
  /** Metadata stamped on every appended event (correlation, causation, actor, occurredAt...). */
  readonly metadataFor: (event: Event) => JsonObject;
  /** How many times to reload and decide again after a concurrent writer won. */
  readonly maxAttempts: number;
  /**
   * The request this command answers, and how its append answers it: an earlier attempt found in
   * the stream is replayed or refused (IDEMPOTENCY_KEY_REUSED), and the new events carry the key.
   */
  readonly idempotency?: { readonly ticket: IdempotencyTicket; readonly append: IdempotentAppend };
  /** The flow the command belongs to, for its span (`ledger.correlation_id`). */
  readonly correlationId?: string;
}

export class ConcurrencyRetriesExhaustedError extends Error {
  override readonly name = 'ConcurrencyRetriesExhaustedError';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Gave up on ${streamId} after ${attempts} concurrent-write conflicts`);
  }
}

/** Folds a stream's recorded events into state; also returns its current revision. */
export async function loadState<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
): Promise<LoadedStream<State> & { readonly events: RecordedEvent[] }> {
  const events = await store.readStream(streamId);
  let state = evolver.initialState;
  for (const recorded of events) {
    state = evolver.evolve(state, { type: recorded.type, data: recorded.data } as Event);
  }
  const last = events[events.length - 1];
  return {
    state,
    revision: last === undefined ? NO_STREAM : last.revision,
    prevHash: lastHashOf(events),
    events,
  };
}

/**
 * The hash of a stream's last event: the chain's link for the next append (null for a new stream).
 * One event read backwards when it carries its hash; the whole stream for one written before
 * chains existed.
 */
export async function prevHashOf(store: EventStore, streamId: string): Promise<PrevHash> {
  const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
  if (last === undefined) return null;
  return typeof last.metadata.hash === 'string'
    ? last.metadata.hash
    : lastHashOf(await store.readStream(streamId));
}

/**
 * Appends decided events with their metadata, only if the stream is still at `revision`, which
 * `prevHash` (the hash of its last event) belongs to. Every event written by any command passes
 * here: each gets `prevHash` and `hash` (DESIGN.md §5, docs/audit.md), so the stream's events
 * form a chain that a changed, missing, reordered or inserted event breaks. The expected revision
 * pins the previous event, so the chain holds with many writers on EventStoreDB too.
 */
export async function appendDecided<Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  events: readonly Event[],
  {
    revision,
    prevHash,
  }: { readonly revision: bigint | typeof NO_STREAM; readonly prevHash: PrevHash },
  metadataFor: (event: Event) => JsonObject,
): Promise<{ readonly position: Position; readonly revision: bigint }> {
  let link = prevHash;
  let next = revision === NO_STREAM ? 0n : revision + 1n;
  const toAppend: EventData[] = events.map((event) => {
    const data = event.data as JsonValue;
    const metadata = metadataFor(event);
    const hash = eventHash({ streamId, revision: next, type: event.type, data, metadata }, link);
    const chained = { ...metadata, prevHash: link, hash };
    link = hash;
    next += 1n;
    return { type: event.type, data, metadata: chained };
  });
  const correlationId = toAppend[0]?.metadata?.correlationId;
  return inAppendSpan(
    streamId,
    {
      [ATTR_EVENT_COUNT]: toAppend.length,
      [ATTR_EXPECTED_REVISION]: String(revision),
      [ATTR_CORRELATION_ID]: typeof correlationId === 'string' ? correlationId : undefined,
    },
    async () => {
      const appended = await store.appendToStream(streamId, toAppend, {
        expectedRevision: revision,
      });
      return { position: appended.position, revision: appended.nextExpectedRevision };
    },
  );
}

/**
 * The one command loop of the ledger: load → fold → decide → append with the expected revision,
 * and on a concurrent write reload and decide again, a bounded number of times. Deciding again on
 * fresh state (rather than re-appending) is what keeps every rule true under concurrency.
 */
export async function handleCommand<
  State,
  Event extends DomainEvent,
  D extends Decision<Event, unknown>,
>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
  decide: (state: State) => D,
  options: HandleCommandOptions<Event>,
): Promise<HandledCommand<State, D>> {
  return inCommandSpan(streamId, options.correlationId, async (span) => {
    const handled = await decideAndAppend(store, streamId, evolver, decide, options, (attempt) =>
      span.setAttribute(ATTR_COMMAND_ATTEMPTS, attempt),
    );
    if (handled.replayed !== undefined) span.setAttribute(ATTR_REPLAYED, true);
    const refusalCode = codeOf(handled.decision.refusal);
    if (refusalCode !== undefined) span.setAttribute(ATTR_REFUSAL_CODE, refusalCode);
    logDomainAction(streamId, options.correlationId, {
      events: handled.decision.events,
      refusal: refusalCode,
      replayed: handled.replayed !== undefined,
    });
    return handled;
  });
}

/** A refusal's stable `code` (every LedgerRefusal has one). */
function codeOf(refusal: unknown): string | undefined {
  if (typeof refusal !== 'object' || refusal === null || !('code' in refusal)) return undefined;
  return typeof refusal.code === 'string' ? refusal.code : undefined;
}

/** The loop of `handleCommand`, telling `onAttempt` each attempt it starts (for its span). */
async function decideAndAppend<
  State,
  Event extends DomainEvent,
  D extends Decision<Event, unknown>,
>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
  decide: (state: State) => D,
  options: HandleCommandOptions<Event>,
  onAttempt: (attempt: number) => void,
): Promise<HandledCommand<State, D>> {
  const { idempotency } = options;
  for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
    onAttempt(attempt);
    const loaded = await loadState(store, streamId, evolver);
    if (idempotency !== undefined) {
      const replay = replayOf(loaded.events, idempotency.ticket, evolver);
      if (replay !== null) return replay as HandledCommand<State, D>;
    }
    const decision = decide(loaded.state);
    if (decision.events.length === 0) {
      return { decision, state: loaded.state, revision: loaded.revision, position: undefined };
    }
    const metadataFor =
      idempotency === undefined
        ? options.metadataFor
        : (event: Event): JsonObject => ({
            ...options.metadataFor(event),
            ...idempotencyStamp(
              idempotency.ticket,
              idempotency.append === 'answers' && decision.refusal === undefined,
            ),
          });
    try {
      const appended = await appendDecided(store, streamId, decision.events, loaded, metadataFor);
      const state = decision.events.reduce(
        (current, event) => evolver.evolve(current, event),
        loaded.state,
      );
      return { decision, state, revision: appended.revision, position: appended.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw new ConcurrencyRetriesExhaustedError(streamId, options.maxAttempts);
}

/**
 * docs/adr/0011: the stream holds an earlier attempt of this request. Answered, its answer is
 * the stream as it stood after that attempt's last answering event, and nothing is decided; with
 * another request under the same key, IDEMPOTENCY_KEY_REUSED. Otherwise (no attempt, or one whose
 * answer was not kept) the command is decided as if new.
 */
export function replayOf<State, Event extends DomainEvent>(
  events: readonly RecordedEvent[],
  ticket: IdempotencyTicket,
  evolver: Evolver<State, Event>,
): HandledCommand<State, Decision<Event, never>> | null {
  const prior = priorAttempt(events, ticket);
  if (prior.kind === 'reused') throw new RefusedError(idempotencyKeyReused());
  if (prior.kind !== 'answered') return null;
  const answered = events[prior.index]!;
  ticket.replayed = answered;
  let state = evolver.initialState;
  for (const recorded of events.slice(0, prior.index + 1)) {
    state = evolver.evolve(state, { type: recorded.type, data: recorded.data } as Event);
  }
  return {
    decision: { events: [] },
    state,
    revision: answered.revision,
    position: undefined,
    replayed: answered,
  };
}
