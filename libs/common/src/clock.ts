import { DateTime, FixedOffsetZone } from 'luxon';

/**
 * The business time zone: every business date (same-day cancel, lists, settlement) is a KST date.
 * KST is UTC+09:00 all year (Korea has kept no daylight saving time since 1988), so the zone is the
 * fixed offset rather than the IANA name `Asia/Seoul`: the same instants and dates, without the
 * Intl time-zone arithmetic luxon does for a named zone on every conversion (issue 12's profile:
 * several times cheaper per call on the request path).
 */
export const BUSINESS_ZONE = FixedOffsetZone.instance(9 * 60);

/** The only source of time in the application. */
export interface Clock {
  /** The current instant, in the business zone. */
  now(): DateTime;
}

export const CLOCK = Symbol('Clock');

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.now().setZone(BUSINESS_ZONE);
  }
}

/**
 * A clock that stands still until it is moved, forward only (DESIGN.md §6 test clock, and the clock
 * of every test).
 */
export class ManualClock implements Clock {
  private current: DateTime;

  constructor(start: DateTime | string) {
    this.current = toBusinessTime(start);
  }

  now(): DateTime {
    return this.current;
  }

  /** Moves the clock to `instant`; refuses to go back. */
  set(instant: DateTime | string): void {
    const next = toBusinessTime(instant);
    if (next < this.current) {
      throw new RangeError(
        `The clock only moves forward: ${next.toISO()} is before ${this.current.toISO()}`,
      );
    }
    this.current = next;
  }

  advance(duration: {
    milliseconds?: number;
    seconds?: number;
    minutes?: number;
    hours?: number;
    days?: number;
  }): void {
    this.current = this.current.plus(duration);
  }
}

function toBusinessTime(instant: DateTime | string): DateTime {
  const value =
    typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: true }) : instant;
  if (!value.isValid) {
    throw new RangeError(`Not an ISO 8601 instant: ${String(instant)}`);
  }
  return value.setZone(BUSINESS_ZONE);
}
