import { WrongExpectedVersionError } from '../errors';
import {
  NO_STREAM,
  type EventData,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type Position,
  type RecordedEvent,
} from '../event-store.port';

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

/** What the decide step returns: the events to append (maybe none) and any result for the caller. */
export interface Decision<Event extends DomainEvent, Result> {
  readonly events: readonly Event[];
  readonly result: Result;
}

export interface HandledCommand<State, Result> {
  readonly result: Result;
  /** The state after the new events (the loaded state when none were appended). */
  readonly state: State;
  /** The stream's revision after the command, or `no_stream`. */
  readonly revision: bigint | typeof NO_STREAM;
  /** Position of the last appended event, when events were appended (read-your-writes). */
  readonly position: Position | undefined;
}

export interface HandleCommandOptions<Event extends DomainEvent> {
  /** Metadata stamped on every appended event (correlation, causation, actor, occurredAt...). */
  readonly metadataFor: (event: Event) => JsonObject;
  /** How many times to reload and decide again after a concurrent writer won. */
  readonly maxAttempts?: number;
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
): Promise<{ state: State; revision: bigint | typeof NO_STREAM; events: RecordedEvent[] }> {
  const events = await store.readStream(streamId);
  let state = evolver.initialState;
  for (const recorded of events) {
    state = evolver.evolve(state, { type: recorded.type, data: recorded.data } as Event);
  }
  const last = events[events.length - 1];
  return { state, revision: last === undefined ? NO_STREAM : last.revision, events };
}

/**
 * The one command loop of the ledger: load → fold → decide → append with the expected revision,
 * and on a concurrent write reload and decide again, a bounded number of times. Deciding again on
 * fresh state (rather than re-appending) is what keeps every rule true under concurrency.
 */
export async function handleCommand<State, Event extends DomainEvent, Result>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
  decide: (state: State) => Decision<Event, Result>,
  options: HandleCommandOptions<Event>,
): Promise<HandledCommand<State, Result>> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const loaded = await loadState(store, streamId, evolver);
    const decision = decide(loaded.state);
    if (decision.events.length === 0) {
      return {
        result: decision.result,
        state: loaded.state,
        revision: loaded.revision,
        position: undefined,
      };
    }
    const toAppend: EventData[] = decision.events.map((event) => ({
      type: event.type,
      data: event.data as JsonValue,
      metadata: options.metadataFor(event),
    }));
    try {
      const appended = await store.appendToStream(streamId, toAppend, {
        expectedRevision: loaded.revision,
      });
      const state = decision.events.reduce(
        (current, event) => evolver.evolve(current, event),
        loaded.state,
      );
      return {
        result: decision.result,
        state,
        revision: appended.nextExpectedRevision,
        position: appended.position,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
  throw new ConcurrencyRetriesExhaustedError(streamId, maxAttempts);
}
