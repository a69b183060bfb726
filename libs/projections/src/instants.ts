import { DateTime } from 'luxon';
import {
  BUSINESS_ZONE,
  invariant,
  parseIsoInstant,
  type BusinessDate,
  type IsoInstant,
} from '@lib/ledger';

/**
 * The form `isoInstant` writes every instant in (`2026-12-01T10:00:00.000+09:00`). Reading it with
 * luxon took a quarter of a rebuild, so the projections read this one form themselves and hand any
 * other string to luxon (`parseIsoInstant`): the result is the same for every input.
 */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-])(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** The ordinary years; anything else (and any odd offset) goes to luxon. */
const FAST_YEARS = { from: 1970, to: 9999 };
const FAST_OFFSET_HOURS = 18;

/** Epoch milliseconds of an instant as the events write it; throws on anything but an instant. */
export function instantMs(iso: IsoInstant): number {
  const fast = canonicalMs(iso);
  if (fast !== undefined) return fast;
  const instant = parseIsoInstant(iso);
  invariant(instant !== null, `Not an ISO 8601 instant with an offset: ${iso}`);
  return instant.toMillis();
}

/** `undefined` unless `iso` is in the canonical form with every field in its ordinary range. */
function canonicalMs(iso: string): number | undefined {
  const match = CANONICAL.exec(iso);
  if (match === null) return undefined;
  // The pattern matched, so every group holds digits (or the offset's sign).
  const field = (group: number): number => Number(match[group]);
  const year = field(1);
  const month = field(2);
  const day = field(3);
  const hour = field(4);
  const minute = field(5);
  const second = field(6);
  const offsetHours = field(9);
  const offsetMinutes = field(10);
  const ordinary =
    year >= FAST_YEARS.from &&
    year <= FAST_YEARS.to &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= FAST_OFFSET_HOURS &&
    offsetMinutes <= 59;
  if (!ordinary) return undefined;
  const offsetMs = (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
  const timeOfDayMs = ((hour * 60 + minute) * 60 + second) * 1_000 + field(7);
  const wallClockMs = daysSinceEpoch(year, month, day) * DAY_MS + timeOfDayMs;
  return match[8] === '-' ? wallClockMs + offsetMs : wallClockMs - offsetMs;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The KST calendar day of instants (what the ledger's `businessDate` gives), remembering the bounds
 * of the last day it looked up. Events arrive in time order, so nearly every look-up is two
 * comparisons; luxon still says where each day starts and ends.
 */
export class BusinessDays {
  private fromMs = 0;
  private toMs = 0;
  private day: BusinessDate = '';

  dayOf(ms: number): BusinessDate {
    if (ms >= this.fromMs && ms < this.toMs) return this.day;
    const local = DateTime.fromMillis(ms, { zone: BUSINESS_ZONE });
    invariant(local.isValid, `Not an instant: ${ms}`);
    const start = local.startOf('day');
    this.fromMs = start.toMillis();
    this.toMs = start.plus({ days: 1 }).toMillis();
    this.day = local.toFormat('yyyy-MM-dd');
    return this.day;
  }
}
