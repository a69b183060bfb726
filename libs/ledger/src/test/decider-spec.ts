/**
 * Given/when/then for deciders (STYLE.md "Tests read like the FAQ"):
 *   spec(paymentDecider).given(requested(), completed()).when(cancel(), ctxAt('…')).then([...])
 * Test support only: not exported from the library, not built (tsconfig.build excludes test/).
 */
import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from '../business-time';
import type { Actor, DecisionContext } from '../context';
import type { Decider, Decision } from '../decision';
import { DEFAULT_LEDGER_POLICY, type LedgerPolicy } from '../policy';

/** A KST wall-clock time (`2026-12-01T10:00`, seconds and milliseconds optional) as an instant. */
export function kst(wallClock: string): DateTime {
  const instant = DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });
  if (!instant.isValid) throw new Error(`Not a KST wall-clock time: ${wallClock}`);
  return instant;
}

export interface ContextOptions {
  readonly policy?: Partial<LedgerPolicy>;
  readonly actor?: Actor;
  /** Prefix of the generated ids: `item-1`, `item-2`, … by default. */
  readonly idPrefix?: string;
}

/** A deterministic context at a KST wall-clock time. */
export function ctxAt(wallClock: string, options: ContextOptions = {}): DecisionContext {
  let next = 0;
  const prefix = options.idPrefix ?? 'item-';
  return {
    now: kst(wallClock),
    newId: () => `${prefix}${++next}`,
    actor: options.actor ?? { role: 'client', id: 'test-client' },
    policy: { ...DEFAULT_LEDGER_POLICY, ...options.policy },
  };
}

export function spec<Command, Event extends { readonly type: string }, State, Refusal>(
  decider: Decider<Command, Event, State, Decision<Event, Refusal>>,
) {
  return {
    given: (...history: Event[]) => ({
      /** The state the history folds to (for assertions on evolve). */
      state: (): State => history.reduce(decider.evolve, decider.initialState),
      when: (command: Command, ctx: DecisionContext) => {
        const run = () =>
          decider.decide(command, history.reduce(decider.evolve, decider.initialState), ctx);
        return {
          // Named `then` for reading's sake: never return this object from an async context.
          /** Accepted with exactly these new events. */
          then(expected: readonly Event[]): Decision<Event, Refusal> {
            const decision = run();
            expect(decision.refusal).toBeUndefined();
            expect(decision.events).toEqual(expected);
            return decision;
          },
          /** Accepted, and nothing to record. */
          thenNothingHappens(): Decision<Event, Refusal> {
            return this.then([]);
          },
          /** Refused with (at least) these refusal fields, appending exactly `events` (default none). */
          thenRefused(refusal: Partial<Refusal>, events: readonly Event[] = []): Refusal {
            const decision = run();
            expect(decision.refusal).toEqual(expect.objectContaining(refusal));
            expect(decision.events).toEqual(events);
            return decision.refusal as Refusal;
          },
          /** A broken invariant: a bug, thrown. */
          thenThrows(message?: RegExp): void {
            expect(run).toThrow(message);
          },
          decision: run,
        };
      },
    }),
  };
}
