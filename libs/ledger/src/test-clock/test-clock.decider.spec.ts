import { ctxAt, spec } from '../test/decider-spec';
import { testClockDecider, type MoveTestClock } from './test-clock.decide';
import type { TestClockEvent } from './test-clock.events';

const clock = spec(testClockDecider);
const moveTo = (now: string): MoveTestClock => ({ type: 'MoveTestClock', data: { now } });
const moved = (now: string, from: string): TestClockEvent => ({
  type: 'TestClockMoved',
  data: { now, from },
});

describe('the test clock stream (DESIGN.md §5, §6)', () => {
  describe('given no move yet', () => {
    it('a move forward from the process clock is recorded with where it came from', () => {
      clock
        .given()
        .when(moveTo('2026-12-02T00:05:00+09:00'), ctxAt('2026-12-01T23:50'))
        .then([moved('2026-12-02T00:05:00.000+09:00', '2026-12-01T23:50:00.000+09:00')]);
    });

    it('a move before the process clock is refused', () => {
      clock
        .given()
        .when(moveTo('2026-12-01T23:49:59.999+09:00'), ctxAt('2026-12-01T23:50'))
        .thenRefused({
          code: 'CLOCK_MOVES_FORWARD_ONLY',
          now: '2026-12-01T23:50:00.000+09:00',
        });
    });
  });

  describe('given a move to 00:05 by another process', () => {
    const history = [moved('2026-12-02T00:05:00.000+09:00', '2026-12-01T23:50:00.000+09:00')];

    it('a move to an earlier instant is refused even where this process lags behind', () => {
      clock
        .given(...history)
        .when(moveTo('2026-12-02T00:01:00+09:00'), ctxAt('2026-12-01T23:50'))
        .thenRefused({ code: 'CLOCK_MOVES_FORWARD_ONLY', now: '2026-12-02T00:05:00.000+09:00' });
    });

    it('a move to the same instant records nothing', () => {
      clock
        .given(...history)
        .when(moveTo('2026-12-02T00:05:00+09:00'), ctxAt('2026-12-02T00:05'))
        .thenNothingHappens();
    });

    it('a later move is recorded from the later of the two clocks', () => {
      clock
        .given(...history)
        .when(moveTo('2026-12-02T09:00:00+09:00'), ctxAt('2026-12-01T23:50'))
        .then([moved('2026-12-02T09:00:00.000+09:00', '2026-12-02T00:05:00.000+09:00')]);
    });
  });
});
