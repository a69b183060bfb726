import { assertNever } from './assert';

/**
 * Who pays (R15). A member is known by their member id; a guest by the opaque id of their real-name
 * check (never a resident registration number). For the guest's later look-up the ledger keeps only
 * a phone key and a password hash, both computed outside the domain:
 * - `phoneKey`: a keyed hash (e.g. HMAC-SHA256 with a server secret) of `normalisePhoneNumber(phone)`,
 *   deterministic so the look-up can find the guest's payments by it;
 * - `passwordHash`: a salted slow hash (scrypt/argon2 string with its salt and parameters).
 * The clear phone number and password never reach the domain or an event.
 */
export type Payer = MemberPayer | GuestPayer;

export interface MemberPayer {
  readonly type: 'MEMBER';
  readonly memberId: string;
}

export interface GuestPayer {
  readonly type: 'GUEST';
  readonly verificationId: string;
  readonly phoneKey: string;
  readonly passwordHash: string;
}

/** Member and verification ids: 1–64 letters, digits, `.`, `_`, `-` (DESIGN.md §6). */
export const PAYER_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** A Korean phone number as typed: starts with 0, 9–11 digits, hyphens allowed (DESIGN.md §6). */
export const PHONE_NUMBER_PATTERN = /^0[0-9-]+$/;

/** The key of the payer's guard stream (R6): `member-<memberId>` or `guest-<verificationId>`. */
export function payerKeyOf(payer: Payer): string {
  switch (payer.type) {
    case 'MEMBER':
      return `member-${payer.memberId}`;
    case 'GUEST':
      return `guest-${payer.verificationId}`;
    default:
      return assertNever(payer, 'payer');
  }
}

/** `010-1234-5678` → `01012345678`, or null when it is not a Korean phone number. Hash this form. */
export function normalisePhoneNumber(phone: string): string | null {
  const trimmed = phone.trim();
  if (!PHONE_NUMBER_PATTERN.test(trimmed)) return null;
  const digits = trimmed.replace(/-/g, '');
  return digits.length >= 9 && digits.length <= 11 ? digits : null;
}

/** True when a value looks like a clear phone number: used to catch a caller that forgot to hash. */
export function looksLikePhoneNumber(value: string): boolean {
  return normalisePhoneNumber(value) !== null;
}
