/**
 * The settlement calendar: which KST days exist, when each ends, which have ended (R18). Business
 * days are KST calendar dates; Korea keeps no daylight saving time, so every day is 24 hours long.
 */
import { DateTime } from 'luxon';
import { invariant } from '../assert';
import { BUSINESS_ZONE, businessDate, isBusinessDate, type BusinessDate } from '../business-time';

/** 00:00 KST of `date`. */
export function dayStart(date: BusinessDate): DateTime {
  invariant(isBusinessDate(date), `Not a business date: ${JSON.stringify(date)}`);
  return DateTime.fromISO(date, { zone: BUSINESS_ZONE }).startOf('day');
}

/** 00:00 KST of the day after `date`: from this instant on, `date` has ended and may be closed. */
export function dayEnd(date: BusinessDate): DateTime {
  return dayStart(date).plus({ days: 1 });
}

/** R18: a day may be closed only once it is over, i.e. at or after the next day's 00:00 KST. */
export function hasDayEnded(date: BusinessDate, now: DateTime): boolean {
  return now.toMillis() >= dayEnd(date).toMillis();
}

export function nextBusinessDate(date: BusinessDate): BusinessDate {
  return businessDate(dayEnd(date));
}

export function previousBusinessDate(date: BusinessDate): BusinessDate {
  return businessDate(dayStart(date).minus({ days: 1 }));
}

/** The most recent day that has ended at `now`: yesterday in KST. */
export function lastEndedDay(now: DateTime): BusinessDate {
  return businessDate(now.setZone(BUSINESS_ZONE).startOf('day').minus({ days: 1 }));
}

/** Every day from `first` to `last`, both included, oldest first; empty when `last` < `first`. */
export function daysBetween(first: BusinessDate, last: BusinessDate): BusinessDate[] {
  const days: BusinessDate[] = [];
  const end = dayStart(last).toMillis();
  for (let day = dayStart(first); day.toMillis() <= end; day = day.plus({ days: 1 })) {
    days.push(businessDate(day));
  }
  return days;
}
