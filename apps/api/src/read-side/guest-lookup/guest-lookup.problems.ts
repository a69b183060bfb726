import { DateTime } from 'luxon';
import { guestCredentialsInvalid as invalid, guestLookupLocked as locked } from '@lib/ledger';
import { ProblemException, httpProblem } from '../../http';

/** The challenge of a failed guest look-up: the guest's phone and password, not the API key. */
const GUEST_CHALLENGE = 'GuestPassword realm="guest-payments"';

/** Wrong phone or wrong password: the same answer for both, with nothing about either. */
export function guestCredentialsInvalid(): ProblemException {
  return new ProblemException(
    401,
    {
      ...invalid(),
      title: 'Guest phone number or password is not valid',
    },
    { headers: { 'WWW-Authenticate': GUEST_CHALLENGE } },
  );
}

export function guestLookupLocked(retryAfter: string, now: DateTime): ProblemException {
  return new ProblemException(
    429,
    {
      ...locked(retryAfter),
      title: 'Guest look-up locked after repeated failures',
    },
    { headers: { 'Retry-After': secondsUntil(retryAfter, now) } },
  );
}

/** Too many simultaneous attempts on one phone: try again in a second. */
export function guestLookupBusy(now: DateTime): ProblemException {
  const retryAfter = now.plus({ seconds: 1 }).toISO() ?? '';
  return httpProblem('TOO_MANY_REQUESTS', { retryAfter }, { headers: { 'Retry-After': '1' } });
}

function secondsUntil(instant: string, now: DateTime): string {
  const seconds = Math.ceil(DateTime.fromISO(instant).diff(now).as('seconds'));
  return String(Math.max(seconds, 1));
}
