import { normalizeIP } from '@fastify/rate-limit';
import { PAYER_ID, RESOURCE_ID } from '../validation/patterns';

/** A phone number's keyed hash (GuestCredentials.phoneKey), or null for what is not a phone number. */
export type PhoneKeyOf = (phone: string) => string | null;

/** Longer than any phone number the contract accepts (11 digits and two hyphens). */
const PHONE_CHARS_MAX = 20;

/**
 * The keys the limiters count by. Each comes from a request that has not been validated yet (the
 * limiters run before the validation pipe), so each reads defensively and gives null, "not
 * counted", for anything the route would refuse with a 400 anyway. A key never holds a phone
 * number: a phone is counted by its phone key (R25), which the ledger derives with its secret.
 */

/** `POST /v1/guests/payments/lookup`: the phone's key. */
export function lookupPhoneKey(body: unknown, phoneKeyOf: PhoneKeyOf): string | null {
  return phoneKeyOfValue(member(body, 'phone'), phoneKeyOf);
}

/** `POST /v1/payments`: the payer, a member by id or a guest by the phone key. */
export function payerKey(body: unknown, phoneKeyOf: PhoneKeyOf): string | null {
  const payer = member(body, 'payer');
  const type = member(payer, 'type');
  if (type === 'MEMBER') {
    const memberId = member(payer, 'memberId');
    return typeof memberId === 'string' && PAYER_ID.test(memberId) ? `member:${memberId}` : null;
  }
  if (type === 'GUEST') {
    const phoneKey = phoneKeyOfValue(member(payer, 'phone'), phoneKeyOf);
    return phoneKey === null ? null : `guest:${phoneKey}`;
  }
  return null;
}

/** A client route on an existing payment: the payment, which stands for its payer. */
export function paymentKey(params: unknown): string | null {
  const paymentId = member(params, 'paymentId');
  return typeof paymentId === 'string' && RESOURCE_ID.test(paymentId)
    ? `payment:${paymentId}`
    : null;
}

/** The client's address: the TCP peer's, IPv6 by its /64 (one host usually holds a whole /64). */
export function addressKey(ip: string): string {
  return normalizeIP(ip);
}

function phoneKeyOfValue(phone: unknown, phoneKeyOf: PhoneKeyOf): string | null {
  return typeof phone === 'string' && phone.length <= PHONE_CHARS_MAX ? phoneKeyOf(phone) : null;
}

/** An own member of a plain object, else undefined (arrays, strings and null have none). */
function member(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}
