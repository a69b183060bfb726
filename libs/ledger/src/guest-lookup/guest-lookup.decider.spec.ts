import { LIMITS } from '@lib/limits';
import { ctxAt, spec } from '../test/decider-spec';
import { guestLookupDecider, type RecordGuestLookup } from './guest-lookup.decide';
import type { GuestLookupEvent } from './guest-lookup.events';

const lookup = spec(guestLookupDecider);
const right: RecordGuestLookup = { type: 'RecordGuestLookup', data: { passwordMatched: true } };
const wrong: RecordGuestLookup = { type: 'RecordGuestLookup', data: { passwordMatched: false } };

const failed = (
  at: string,
  consecutiveFailures: number,
  lockedUntil: string | null = null,
): GuestLookupEvent => ({
  type: 'GuestLookupFailed',
  data: { failedAt: `${at}:00.000+09:00`, consecutiveFailures, lockedUntil },
});

/** `count` failures one minute apart from 10:00 KST; the last locks when the count reaches five. */
function failures(count: number): GuestLookupEvent[] {
  return Array.from({ length: count }, (_, index) =>
    failed(
      `2026-12-01T10:0${index}`,
      index + 1,
      index + 1 >= LIMITS.guestLookup.maxConsecutiveFailures
        ? `2026-12-01T10:${String(index + 15).padStart(2, '0')}:00.000+09:00`
        : null,
    ),
  );
}

describe('R15 guest look-up lock-out (decider)', () => {
  describe('given no attempts', () => {
    it('grants a right password and appends nothing (nothing to reset)', () => {
      lookup.given().when(right, ctxAt('2026-12-01T10:00')).thenNothingHappens();
    });

    it('refuses a wrong password and records the first failure, without a lock', () => {
      lookup
        .given()
        .when(wrong, ctxAt('2026-12-01T10:00'))
        .thenRefused({ code: 'GUEST_CREDENTIALS_INVALID' }, [failed('2026-12-01T10:00', 1)]);
    });
  });

  describe('given four failures in a row', () => {
    const four = failures(4);

    it('the fifth failure locks the look-up for 15 minutes from that failure', () => {
      lookup
        .given(...four)
        .when(wrong, ctxAt('2026-12-01T10:04'))
        .thenRefused({ code: 'GUEST_CREDENTIALS_INVALID' }, [
          failed('2026-12-01T10:04', 5, '2026-12-01T10:19:00.000+09:00'),
        ]);
    });

    it('a success resets the count', () => {
      lookup
        .given(...four)
        .when(right, ctxAt('2026-12-01T10:04'))
        .then([
          {
            type: 'GuestLookupSucceeded',
            data: { succeededAt: '2026-12-01T10:04:00.000+09:00' },
          },
        ]);
      const success = lookup
        .given(...four)
        .when(right, ctxAt('2026-12-01T10:04'))
        .decision();
      expect(lookup.given(...four, ...success.events).state()).toEqual(
        guestLookupDecider.initialState,
      );
    });
  });

  describe('given five failures (locked until 10:19)', () => {
    const five = failures(5);

    it('refuses even the right password while locked, and records nothing', () => {
      lookup
        .given(...five)
        .when(right, ctxAt('2026-12-01T10:18:59.999'))
        .thenRefused({
          code: 'GUEST_LOOKUP_LOCKED',
          retryAfter: '2026-12-01T10:19:00.000+09:00',
        });
    });

    it('opens again at exactly the end of the lock', () => {
      lookup
        .given(...five)
        .when(right, ctxAt('2026-12-01T10:19'))
        .then([
          {
            type: 'GuestLookupSucceeded',
            data: { succeededAt: '2026-12-01T10:19:00.000+09:00' },
          },
        ]);
    });

    it('after the lock, counting starts again from zero', () => {
      lookup
        .given(...five)
        .when(wrong, ctxAt('2026-12-01T10:30'))
        .thenRefused({ code: 'GUEST_CREDENTIALS_INVALID' }, [failed('2026-12-01T10:30', 1)]);
    });
  });
});
