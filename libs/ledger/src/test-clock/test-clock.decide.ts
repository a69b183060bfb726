/**
 * The test clock as a decider over its own stream (DESIGN.md §5, §6), so one move moves every
 * process and two moves at once cannot take the clock backwards.
 *
 * Invariants:
 * - the clock only moves forward: a move to an instant before the last recorded one is refused;
 * - a move to where the clock already stands records nothing.
 */
import { assertNever } from '../assert';
import { isoInstant, parseIsoInstant, type IsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import {
  TEST_CLOCK_EVENT_SCHEMA_VERSIONS,
  type TestClockDueWorkRan,
  type TestClockEvent,
} from './test-clock.events';

export interface TestClockState {
  /** The last instant the clock was moved to; null before the first move. */
  readonly now: IsoInstant | null;
}

export const initialTestClockState: TestClockState = { now: null };

export function evolveTestClock(state: TestClockState, event: TestClockEvent): TestClockState {
  switch (event.type) {
    case 'TestClockMoved':
      return { now: event.data.now };
    case 'TestClockDueWorkRan':
      return state; // an answer, not a move
    default:
      return assertNever(event, 'test clock event');
  }
}

/** Move the clock to `now`; `ctx.now` is where this process's clock stands. */
export interface MoveTestClock {
  readonly type: 'MoveTestClock';
  readonly data: { readonly now: IsoInstant };
}

/** Record what the move's due work ran, the answer of the move. */
export interface RecordDueWork {
  readonly type: 'RecordDueWork';
  readonly data: TestClockDueWorkRan['data'];
}

export type TestClockCommand = MoveTestClock | RecordDueWork;

export interface ClockMovesForwardOnly {
  readonly code: 'CLOCK_MOVES_FORWARD_ONLY';
  readonly message: string;
  /** Where the clock stands. */
  readonly now: IsoInstant;
}

export type TestClockDecision = Decision<TestClockEvent, ClockMovesForwardOnly>;

export function decideTestClock(
  command: TestClockCommand,
  state: TestClockState,
  ctx: DecisionContext,
): TestClockDecision {
  switch (command.type) {
    case 'MoveTestClock':
      return decideMove(command, state, ctx);
    case 'RecordDueWork':
      return accept({ type: 'TestClockDueWorkRan', data: command.data });
    default:
      return assertNever(command, 'test clock command');
  }
}

function decideMove(
  command: MoveTestClock,
  state: TestClockState,
  ctx: DecisionContext,
): TestClockDecision {
  const next = parseIsoInstant(command.data.now);
  const recorded = state.now === null ? null : parseIsoInstant(state.now);
  // The later of the recorded clock and this process's own: neither may be overtaken backwards.
  const current = recorded !== null && recorded > ctx.now ? recorded : ctx.now;
  if (next === null || next < current) {
    const now = isoInstant(current);
    return refuse({
      code: 'CLOCK_MOVES_FORWARD_ONLY',
      message: `테스트 시계는 앞으로만 움직일 수 있습니다. 현재 시각: ${now}`,
      now,
    });
  }
  if (recorded !== null && next.toMillis() === recorded.toMillis()) return accept();
  return accept({
    type: 'TestClockMoved',
    data: { now: isoInstant(next), from: isoInstant(current) },
  });
}

export const testClockDecider: Decider<
  TestClockCommand,
  TestClockEvent,
  TestClockState,
  TestClockDecision
> = {
  initialState: initialTestClockState,
  evolve: evolveTestClock,
  decide: decideTestClock,
  schemaVersions: TEST_CLOCK_EVENT_SCHEMA_VERSIONS,
};
