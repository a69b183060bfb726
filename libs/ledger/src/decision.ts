import type { DecisionContext } from './context';

/**
 * The result of `decide`. `events` are always appended (with the expected revision) when not empty;
 * a `refusal`, when present, is what the caller must answer. Most refusals carry no events, but a
 * refused PG approval also fails the payment (R3, R3a): then both are set, and the command side
 * appends the events AND answers with the refusal.
 */
export type Decision<Event, Refusal> = Accepted<Event> | Refused<Event, Refusal>;

export interface Accepted<Event> {
  readonly events: readonly Event[];
  readonly refusal?: undefined;
}

export interface Refused<Event, Refusal> {
  readonly events: readonly Event[];
  readonly refusal: Refusal;
}

export function accept<Event>(...events: Event[]): Accepted<Event> {
  return { events };
}

export function refuse<Refusal, Event = never>(
  refusal: Refusal,
  events: readonly Event[] = [],
): Refused<Event, Refusal> {
  return { events, refusal };
}

export function isRefused<Event, Refusal>(
  decision: Decision<Event, Refusal>,
): decision is Refused<Event, Refusal> {
  return decision.refusal !== undefined;
}

/**
 * One aggregate's pure functions and the schema version of each event type it writes: the shape
 * the command side's load → decide → append loop takes.
 */
export interface Decider<
  Command,
  Event extends { readonly type: string },
  State,
  Result extends Decision<Event, unknown>,
> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, ctx: DecisionContext) => Result;
  readonly schemaVersions: { readonly [Type in Event['type']]: number };
}
