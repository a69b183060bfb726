import { DateTime } from 'luxon';
import { BUSINESS_ZONE, isBusinessDate, toBusinessTime, type BusinessDate } from '@lib/ledger';

/** R14: how far back the payment list reaches, in calendar months. */
export const PAYMENT_LIST_WINDOW_MONTHS = 3;

/**
 * The first KST day of the payment list at `now` (R14, FAQ II.3 "3개월 전의 내역까지"): the same
 * day of the month three calendar months back, from 00:00 KST. On 2026-12-15 the list starts on
 * 2026-09-15; on 2026-05-31, whose day has no counterpart in February, on 2026-02-28. A payment of
 * exactly three months ago is still shown, an older one is not (docs/adr/0004).
 */
export function paymentListStart(now: DateTime): BusinessDate {
  return toBusinessTime(now)
    .startOf('day')
    .minus({ months: PAYMENT_LIST_WINDOW_MONTHS })
    .toFormat('yyyy-MM-dd');
}

/** 00:00 KST of `day`, in epoch milliseconds. */
export function startOfBusinessDayMs(day: BusinessDate): number {
  if (!isBusinessDate(day)) throw new RangeError(`Not a business date: ${JSON.stringify(day)}`);
  return DateTime.fromISO(day, { zone: BUSINESS_ZONE }).toMillis();
}
