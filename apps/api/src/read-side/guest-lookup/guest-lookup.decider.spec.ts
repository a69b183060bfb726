import { DateTime } from 'luxon';
import {
  GUEST_LOOKUP_LIMITS,
  decideGuestLookup,
  evolveGuestLookup,
  guestLookupGate,
  initialGuestLookupState,
  type GuestLookupEvent,
  type GuestLookupState,
} from './guest-lookup.decider';

const T0 = DateTime.fromISO('2026-12-01T10:00:00+09:00', { setZone: true });

function given(events: GuestLookupEvent[]): GuestLookupState {
  return events.reduce(evolveGuestLookup, initialGuestLookupState);
}

/** Runs `count` wrong attempts one minute apart from `start`, returning every event. */
function failures(count: number, start = T0): GuestLookupEvent[] {
  const events: GuestLookupEvent[] = [];
  for (let index = 0; index < count; index += 1) {
    const now = start.plus({ minutes: index });
    events.push(...decideGuestLookup(given(events), { passwordMatched: false, now }).events);
  }
  return events;
}

describe('R15 guest look-up lock-out (decider)', () => {
  describe('given no attempts', () => {
    it('grants a right password and appends nothing (nothing to reset)', () => {
      const decision = decideGuestLookup(initialGuestLookupState, {
        passwordMatched: true,
        now: T0,
      });
      expect(decision).toEqual({ events: [], result: { kind: 'granted' } });
    });

    it('denies a wrong password and records the first failure, without a lock', () => {
      const decision = decideGuestLookup(initialGuestLookupState, {
        passwordMatched: false,
        now: T0,
      });
      expect(decision.result).toEqual({ kind: 'denied' });
      expect(decision.events).toEqual([
        {
          type: 'GuestLookupFailed',
          data: {
            failedAt: '2026-12-01T10:00:00.000+09:00',
            consecutiveFailures: 1,
            lockedUntil: null,
          },
        },
      ]);
    });
  });

  describe('given four failures in a row', () => {
    const four = failures(GUEST_LOOKUP_LIMITS.maxConsecutiveFailures - 1);

    it('the fifth failure locks the look-up for 15 minutes from that failure', () => {
      const now = T0.plus({ minutes: 4 });
      const decision = decideGuestLookup(given(four), { passwordMatched: false, now });
      expect(decision.result).toEqual({ kind: 'denied' });
      expect(decision.events[0]?.data).toMatchObject({
        consecutiveFailures: 5,
        lockedUntil: '2026-12-01T10:19:00.000+09:00',
      });
    });

    it('a success resets the count', () => {
      const success = decideGuestLookup(given(four), { passwordMatched: true, now: T0 });
      expect(success.result).toEqual({ kind: 'granted' });
      expect(success.events.map((event) => event.type)).toEqual(['GuestLookupSucceeded']);
      const after = given([...four, ...success.events]);
      expect(after).toEqual(initialGuestLookupState);
    });
  });

  describe('given five failures (locked until 10:19)', () => {
    const five = failures(GUEST_LOOKUP_LIMITS.maxConsecutiveFailures);
    const lockedUntil = '2026-12-01T10:19:00.000+09:00';

    it('refuses even the right password while locked, and records nothing', () => {
      const now = DateTime.fromISO('2026-12-01T10:18:59.999+09:00');
      const decision = decideGuestLookup(given(five), { passwordMatched: true, now });
      expect(decision).toEqual({ events: [], result: { kind: 'locked', retryAfter: lockedUntil } });
      expect(guestLookupGate(given(five), now)).toEqual({
        kind: 'locked',
        retryAfter: lockedUntil,
      });
    });

    it('opens again at exactly the end of the lock', () => {
      const now = DateTime.fromISO(lockedUntil);
      expect(guestLookupGate(given(five), now)).toEqual({ kind: 'open' });
      const decision = decideGuestLookup(given(five), { passwordMatched: true, now });
      expect(decision.result).toEqual({ kind: 'granted' });
      expect(decision.events.map((event) => event.type)).toEqual(['GuestLookupSucceeded']);
    });

    it('after the lock, counting starts again from zero', () => {
      const now = DateTime.fromISO('2026-12-01T10:30:00+09:00');
      const decision = decideGuestLookup(given(five), { passwordMatched: false, now });
      expect(decision.events[0]?.data).toMatchObject({ consecutiveFailures: 1, lockedUntil: null });
    });
  });
});
