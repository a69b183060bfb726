import { DateTime, FixedOffsetZone } from 'luxon';
import { invariant } from './assert';

/**
 * Time in the ledger: instants are ISO 8601 strings with the KST offset (`+09:00`), business
 * dates (same-day cancel, settlement days, the 3-month list) are KST calendar dates `yyyy-MM-dd`.
 * Same value as BUSINESS_ZONE in libs/common (whose comment says why a fixed +09:00 and not
 * `Asia/Seoul`): libs/ledger may import no other lib.
 */
export const BUSINESS_ZONE = FixedOffsetZone.instance(9 * 60);

/** An instant as stored in events: ISO 8601 with an explicit offset. */
export type IsoInstant = string;
/** A KST calendar date, `yyyy-MM-dd`. */
export type BusinessDate = string;

const EXPLICIT_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const BUSINESS_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The instant in the business zone; throws on an invalid DateTime or an ISO string without offset. */
export function toBusinessTime(instant: DateTime | IsoInstant): DateTime {
  const value = typeof instant === 'string' ? parseIsoInstant(instant) : instant;
  invariant(value !== null && value.isValid, `Not a valid instant: ${String(instant)}`);
  return value.setZone(BUSINESS_ZONE);
}

/**
 * Parses an ISO 8601 instant that names its offset; `null` for anything else. A string without an
 * offset would be read in the host's zone, which would make replay depend on the machine.
 */
export function parseIsoInstant(value: string): DateTime | null {
  if (!EXPLICIT_OFFSET.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.setZone(BUSINESS_ZONE) : null;
}

/** How every instant is written into an event: KST, milliseconds, offset (`2026-12-01T10:00:00.000+09:00`). */
export function isoInstant(instant: DateTime): IsoInstant {
  const iso = toBusinessTime(instant).toISO({ suppressMilliseconds: false, includeOffset: true });
  invariant(iso !== null, 'A valid DateTime has an ISO form');
  return iso;
}

/** The KST calendar day of an instant, `yyyy-MM-dd`. */
export function businessDate(instant: DateTime | IsoInstant): BusinessDate {
  return toBusinessTime(instant).toFormat('yyyy-MM-dd');
}

export function isBusinessDate(value: string): value is BusinessDate {
  return (
    BUSINESS_DATE.test(value) && DateTime.fromISO(value, { zone: BUSINESS_ZONE }).isValid === true
  );
}
