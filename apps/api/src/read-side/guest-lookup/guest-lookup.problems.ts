import { DateTime } from 'luxon';
import { ProblemException, httpProblem } from '../../http';

/** The challenge of a failed guest look-up: the guest's phone and password, not the API key. */
const GUEST_CHALLENGE = 'GuestPassword realm="guest-payments"';

/** Wrong phone or wrong password: the same answer for both, with nothing about either. */
export function guestCredentialsInvalid(): ProblemException {
  return new ProblemException(
    401,
    {
      code: 'GUEST_CREDENTIALS_INVALID',
      title: 'Guest phone number or password is not valid',
      message: '전화번호 또는 비밀번호가 올바르지 않습니다.',
    },
    { headers: { 'WWW-Authenticate': GUEST_CHALLENGE } },
  );
}

export function guestLookupLocked(retryAfter: string, now: DateTime): ProblemException {
  return new ProblemException(
    429,
    {
      code: 'GUEST_LOOKUP_LOCKED',
      title: 'Guest look-up locked after repeated failures',
      message: '비밀번호를 여러 번 잘못 입력하여 조회가 잠겼습니다. 잠시 후 다시 시도해 주세요.',
      retryAfter,
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
