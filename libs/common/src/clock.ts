import { DateTime } from 'luxon';

/** The business time zone: every business date (same-day cancel, lists, settlement) is a KST date. */
export const BUSINESS_ZONE = 'Asia/Seoul';

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
