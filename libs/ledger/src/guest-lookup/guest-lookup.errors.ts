import type { IsoInstant } from '../business-time';

/** R15: the look-up is locked after repeated wrong passwords; even a right one is refused. */
export interface GuestLookupLocked {
  readonly code: 'GUEST_LOOKUP_LOCKED';
  readonly message: string;
  readonly retryAfter: IsoInstant;
}

/** R15: wrong phone or wrong password, the same answer for both. */
export interface GuestCredentialsInvalid {
  readonly code: 'GUEST_CREDENTIALS_INVALID';
  readonly message: string;
}

export type GuestLookupRefusal = GuestLookupLocked | GuestCredentialsInvalid;

export function guestLookupLocked(retryAfter: IsoInstant): GuestLookupLocked {
  return {
    code: 'GUEST_LOOKUP_LOCKED',
    message: '비밀번호를 여러 번 잘못 입력하여 조회가 잠겼습니다. 잠시 후 다시 시도해 주세요.',
    retryAfter,
  };
}

export function guestCredentialsInvalid(): GuestCredentialsInvalid {
  return {
    code: 'GUEST_CREDENTIALS_INVALID',
    message: '전화번호 또는 비밀번호가 올바르지 않습니다.',
  };
}
