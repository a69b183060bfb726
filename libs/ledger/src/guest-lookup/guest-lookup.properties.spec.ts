/**
 * Property-based tests of the guest look-up lock-out (R15; issue 13 point 3), model-based: random
 * look-ups with the right or a wrong password (sometimes two at once, racing on the stream's
 * expected revision), with a clock that moves forward by seconds, minutes and hours, are compared
 * with a reference model written from the rule itself (five wrong passwords in a row lock the
 * look-up for fifteen minutes from the last; while locked everything is refused and nothing is
 * recorded; a success resets the count; an expired lock starts the count again). On failure
 * fast-check prints the seed and the shrunk history.
 */
import { LIMITS } from '@lib/limits';
import fc from 'fast-check';
import { isoInstant, toBusinessTime } from '../business-time';
import {
  MINUTE_MS,
  ModelClock,
  ModelStream,
  clockStepMs,
  expectCounterexample,
  holds,
  runs,
  startInstant,
} from '../test/arbitraries';
import { decideGuestLookup, type RecordGuestLookup } from './guest-lookup.decide';
import type { GuestLookupEvent } from './guest-lookup.events';
import { evolveGuestLookup, initialGuestLookupState } from './guest-lookup.state';

const RUNS = runs(300);
const BROKEN_RUNS = runs(1_000);
const { maxConsecutiveFailures, lockMinutes } = LIMITS.guestLookup;

type Action =
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'lookup'; readonly passwords: readonly boolean[] };

/** A look-up that checked one password: `passwordMatched`, what was answered, what was recorded. */
interface Attempt {
  readonly at: string;
  readonly atMs: number;
  readonly passwordMatched: boolean;
  readonly answer: 'granted' | 'GUEST_CREDENTIALS_INVALID' | 'GUEST_LOOKUP_LOCKED';
  readonly recorded: readonly GuestLookupEvent[];
}

const actionArb = (matched: fc.Arbitrary<boolean>): fc.Arbitrary<Action> =>
  fc.oneof(
    { weight: 2, arbitrary: clockStepMs.map((ms) => ({ kind: 'tick' as const, ms })) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('lookup' as const),
        // Mostly one attempt; sometimes two at once (a guesser's parallel requests).
        passwords: fc.array(matched, { minLength: 1, maxLength: 2 }),
      }),
    },
  );

/** The owner and a guesser: mostly wrong passwords, so locks happen. */
const mixedArb = fc.record({
  start: startInstant,
  actions: fc.array(
    actionArb(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    ),
    { maxLength: 40, size: 'max' },
  ),
});

/** A guesser who never knows the password. */
const guesserArb = fc.record({
  start: startInstant,
  actions: fc.array(actionArb(fc.constant(false)), { maxLength: 40, size: 'max' }),
});

type Decide = typeof decideGuestLookup;

/** The command loop on the phone's stream: racing attempts decide again when they lose. */
function runLookups(
  scenario: { readonly start: string; readonly actions: readonly Action[] },
  decideWith: Decide = decideGuestLookup,
): Attempt[] {
  const clock = new ModelClock(scenario.start);
  const stream = new ModelStream<GuestLookupEvent>();
  const attempts: Attempt[] = [];
  const state = () => stream.fold(evolveGuestLookup, initialGuestLookupState);
  for (const action of scenario.actions) {
    if (action.kind === 'tick') {
      clock.advance(action.ms);
      continue;
    }
    const ctx = clock.ctx({ role: 'client', id: 'viewing-site' });
    const commands = action.passwords.map((passwordMatched): RecordGuestLookup => ({
      type: 'RecordGuestLookup',
      data: { passwordMatched },
    }));
    const record = (command: RecordGuestLookup, decision: ReturnType<Decide>) =>
      attempts.push({
        at: isoInstant(ctx.now),
        atMs: ctx.now.toMillis(),
        passwordMatched: command.data.passwordMatched,
        answer: decision.refusal?.code ?? 'granted',
        recorded: decision.events,
      });
    // All decide on the stream as it stands (handleCommand). A decision with nothing to record
    // answers at once: it takes effect at that read, before any racer's append. The others
    // append at that revision; a loser loads the stream and decides again.
    const revision = stream.events.length;
    const decided = commands.map((command) => ({
      command,
      decision: decideWith(command, state(), ctx),
    }));
    for (const { command, decision } of decided) {
      if (decision.events.length === 0) record(command, decision);
    }
    for (const { command, decision: first } of decided) {
      if (first.events.length === 0) continue;
      let decision = first;
      if (!stream.append(revision, decision.events)) {
        decision = decideWith(command, state(), ctx);
        stream.append(stream.events.length, decision.events);
      }
      record(command, decision);
    }
  }
  return attempts;
}

/** The rule as DESIGN.md R15 and the decider's header state it, for one phone. */
class ReferenceLockOut {
  private failures = 0;
  private lockedUntilMs: number | null = null;

  attempt(atMs: number, passwordMatched: boolean): Attempt['answer'] {
    if (this.lockedUntilMs !== null && atMs < this.lockedUntilMs) return 'GUEST_LOOKUP_LOCKED';
    if (this.lockedUntilMs !== null) {
      this.lockedUntilMs = null; // the lock ran out: a full set of attempts again
      this.failures = 0;
    }
    if (passwordMatched) {
      this.failures = 0;
      return 'granted';
    }
    this.failures += 1;
    if (this.failures >= maxConsecutiveFailures)
      this.lockedUntilMs = atMs + lockMinutes * MINUTE_MS;
    return 'GUEST_CREDENTIALS_INVALID';
  }
}

/** R15: every answer is the reference model's, and a locked attempt records nothing. */
function answersAsTheRule(attempts: readonly Attempt[]): void {
  const reference = new ReferenceLockOut();
  for (const [index, attempt] of attempts.entries()) {
    const expected = reference.attempt(attempt.atMs, attempt.passwordMatched);
    holds(
      attempt.answer === expected &&
        (attempt.answer !== 'GUEST_LOOKUP_LOCKED' || attempt.recorded.length === 0),
      'R15 five wrong passwords lock the look-up for 15 minutes, even the right one is refused',
      () =>
        `attempt ${index} at ${attempt.at} (${attempt.passwordMatched ? 'right' : 'wrong'}): ` +
        `answered ${attempt.answer}, the rule says ${expected}; recorded ${attempt.recorded.length}`,
    );
  }
}

/** R15: a guesser gets at most `maxConsecutiveFailures` passwords checked in any lock period. */
function guesserIsThrottled(attempts: readonly Attempt[]): void {
  const checked = attempts.filter((attempt) => attempt.answer !== 'GUEST_LOOKUP_LOCKED');
  const windowMs = lockMinutes * MINUTE_MS;
  for (const [index, first] of checked.entries()) {
    const within = checked.slice(index).filter((later) => later.atMs < first.atMs + windowMs);
    holds(
      within.length <= maxConsecutiveFailures,
      `R15 a guesser gets at most ${maxConsecutiveFailures} passwords checked per ${lockMinutes} minutes`,
      () => `${within.length} wrong passwords checked from ${first.at} on`,
    );
  }
}

/** Forgets the lock: decides as if the look-up were never locked. */
const ignoresLock: Decide = (command, state, ctx) =>
  decideGuestLookup(command, { ...state, lockedUntil: null }, ctx);

/** Lets the lock run out one minute early. */
const shortLock: Decide = (command, state, ctx) =>
  decideGuestLookup(
    command,
    state.lockedUntil === null
      ? state
      : {
          ...state,
          lockedUntil: isoInstant(toBusinessTime(state.lockedUntil).minus({ minutes: 1 })),
        },
    ctx,
  );

describe('guest look-up lock-out properties (R15): random right and wrong passwords over time', () => {
  describe('R15 the lock-out answers as the rule says', () => {
    it('given the owner and a guesser trying at any instant, sometimes at once, when each look-up is decided, then it is granted, refused or locked exactly as the rule says, and a locked attempt records nothing', () => {
      fc.assert(
        fc.property(mixedArb, (scenario) => answersAsTheRule(runLookups(scenario))),
        { numRuns: RUNS },
      );
    });

    it('given a decider whose lock runs out a minute early, then the property finds it', () => {
      expectCounterexample(
        fc.property(mixedArb, (scenario) => answersAsTheRule(runLookups(scenario, shortLock))),
        /R15/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R15 a guesser is throttled', () => {
    it('given a guesser who never knows the password, when they try at any pace, then at most five passwords are checked in any fifteen minutes', () => {
      fc.assert(
        fc.property(guesserArb, (scenario) => guesserIsThrottled(runLookups(scenario))),
        { numRuns: RUNS },
      );
    });

    it('given a decider that ignores the lock, then the property finds a guesser checking more', () => {
      expectCounterexample(
        fc.property(guesserArb, (scenario) =>
          guesserIsThrottled(runLookups(scenario, ignoresLock)),
        ),
        /R15/,
        BROKEN_RUNS,
      );
    });
  });
});
