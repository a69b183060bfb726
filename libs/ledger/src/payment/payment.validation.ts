/**
 * Validation of what comes from outside (R1, R2, R15): the HTTP layer validates too, but the
 * domain never relies on it. Names and case numbers are normalised (Unicode NFC, trimmed, inner
 * spaces collapsed) before they are checked, compared for duplicates and stored.
 */
import { invariant, isArray } from '../assert';
import { looksLikePhoneNumber, PAYER_ID_PATTERN, type GuestPayer, type Payer } from '../payer';
import { isBankCode, isCardIssuer, authSchemeOf } from '../payment-methods';
import type { LedgerPolicy } from '../policy';
import { isStreamKey } from '../streams';
import type { RequestPayment } from './payment.commands';
import { violation, type ValidationReason, type Violation } from './payment.errors';
import type { PaymentInstrument, RepaymentOf } from './payment.events';

/** R2: a 4-digit year, a 1–4 syllable Hangul case-type code, a 1–7 digit serial (`2024가합12345`). */
export const CASE_NUMBER_PATTERN = /^\d{4}[가-힣]{1,4}\d{1,7}$/;
/** A court name: 2–40 characters of Hangul, letters, digits and spaces (DESIGN.md §6). */
export const COURT_NAME_PATTERN = /^[가-힣A-Za-z0-9 ]{2,40}$/;

const MAX_PHONE_KEY_LENGTH = 256;
const MAX_PASSWORD_HASH_LENGTH = 1024;

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly violations: readonly [Violation, ...Violation[]] };

export interface ValidPaymentRequest {
  readonly payer: Payer;
  readonly instrument: PaymentInstrument;
  readonly items: readonly { readonly court: string; readonly caseNumber: string }[];
  readonly repaymentOf: RepaymentOf | null;
}

export function normaliseCourt(court: string): string {
  return court.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function normaliseCaseNumber(caseNumber: string): string {
  return caseNumber.normalize('NFC').trim();
}

/** One judgment's identity: the same case number exists at several courts (R2). */
export function judgmentKey(court: string, caseNumber: string): string {
  return `${normaliseCourt(court)}\u0000${normaliseCaseNumber(caseNumber)}`;
}

export function validatePaymentRequest(
  data: RequestPayment['data'],
  policy: LedgerPolicy,
): Validated<ValidPaymentRequest> {
  const violations: Violation[] = [];
  const payer = checkPayer(data.payer, violations);
  const instrument = checkInstrument(data, violations);
  const items = checkItems(data.items, policy, violations);
  const repaymentOf = checkRepayment(data, violations);
  const [first, ...rest] = violations;
  if (first !== undefined) return { ok: false, violations: [first, ...rest] };
  invariant(payer !== null && instrument !== null, 'A valid request has a payer and an instrument');
  return { ok: true, value: { payer, instrument, items, repaymentOf } };
}

function isPayerId(value: unknown): value is string {
  return typeof value === 'string' && PAYER_ID_PATTERN.test(value);
}

function checkPayer(payer: Payer, violations: Violation[]): Payer | null {
  const bad = (field: string): null => {
    violations.push(violation(field, 'INVALID_PAYER'));
    return null;
  };
  // The command is typed, but it is built from outside input: check the shape at run time too.
  if (typeof payer !== 'object' || payer === null) return bad('payer');
  switch (payer.type) {
    case 'MEMBER':
      return isPayerId(payer.memberId)
        ? { type: 'MEMBER', memberId: payer.memberId }
        : bad('payer.memberId');
    case 'GUEST':
      return checkGuest(payer, violations);
    default:
      return bad('payer.type');
  }
}

function checkGuest(payer: GuestPayer, violations: Violation[]): GuestPayer | null {
  const bad = (field: string) => violations.push(violation(field, 'INVALID_PAYER'));
  const { verificationId, phoneKey, passwordHash } = payer;
  // A clear phone number here is the caller's bug; it must never reach an event (R15).
  invariant(
    typeof phoneKey !== 'string' || !looksLikePhoneNumber(phoneKey),
    'payer.phoneKey must be a keyed hash of the phone number, not the number',
  );
  const before = violations.length;
  if (!isPayerId(verificationId)) bad('payer.verificationId');
  if (!isSecret(phoneKey, MAX_PHONE_KEY_LENGTH)) bad('payer.phoneKey');
  if (!isSecret(passwordHash, MAX_PASSWORD_HASH_LENGTH)) bad('payer.passwordHash');
  return violations.length === before
    ? { type: 'GUEST', verificationId, phoneKey, passwordHash }
    : null;
}

function isSecret(value: unknown, maxLength: number): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= maxLength &&
    value.trim() === value
  );
}

function checkInstrument(
  data: RequestPayment['data'],
  violations: Violation[],
): PaymentInstrument | null {
  const { method, cardIssuer, bankCode } = data;
  const bad = (field: string, reason: ValidationReason): null => {
    violations.push(violation(field, reason));
    return null;
  };
  switch (method) {
    case 'CARD':
      if (bankCode != null) bad('bankCode', 'INVALID_METHOD');
      if (!isCardIssuer(cardIssuer)) return bad('cardIssuer', 'UNKNOWN_CARD_ISSUER');
      return { method: 'CARD', cardIssuer, authScheme: authSchemeOf(cardIssuer) };
    case 'BANK_TRANSFER':
      if (cardIssuer != null) bad('cardIssuer', 'INVALID_METHOD');
      if (!isBankCode(bankCode)) return bad('bankCode', 'UNKNOWN_BANK_CODE');
      return { method: 'BANK_TRANSFER', bankCode };
    default:
      return bad('method', 'INVALID_METHOD');
  }
}

function checkItems(
  items: RequestPayment['data']['items'],
  policy: LedgerPolicy,
  violations: Violation[],
): ValidPaymentRequest['items'] {
  if (!isArray(items) || items.length === 0) {
    violations.push(violation('items', 'NO_ITEMS'));
    return [];
  }
  if (items.length > policy.maxItemsPerPayment) {
    const max = policy.maxItemsPerPayment;
    violations.push(
      violation('items', 'TOO_MANY_ITEMS', `한 번에 최대 ${max}건까지 결제할 수 있습니다.`),
    );
    return [];
  }
  const seen = new Set<string>();
  return items.map((item, index) => {
    const court = typeof item?.court === 'string' ? normaliseCourt(item.court) : '';
    const caseNumber =
      typeof item?.caseNumber === 'string' ? normaliseCaseNumber(item.caseNumber) : '';
    const courtOk = COURT_NAME_PATTERN.test(court);
    const caseOk = CASE_NUMBER_PATTERN.test(caseNumber);
    if (!courtOk) violations.push(violation(`items[${index}].court`, 'INVALID_COURT'));
    if (!caseOk) violations.push(violation(`items[${index}].caseNumber`, 'INVALID_CASE_NUMBER'));
    if (courtOk && caseOk) {
      const key = judgmentKey(court, caseNumber);
      if (seen.has(key)) violations.push(violation(`items[${index}]`, 'DUPLICATE_ITEM'));
      seen.add(key);
    }
    return { court, caseNumber };
  });
}

function checkRepayment(data: RequestPayment['data'], violations: Violation[]): RepaymentOf | null {
  const repaymentOf = data.repaymentOf;
  if (repaymentOf == null) return null;
  const { paymentId, itemIds } = repaymentOf;
  if (!isStreamKey(paymentId) || paymentId === data.paymentId) {
    violations.push(violation('repaymentOf.paymentId', 'INVALID_REPAYMENT'));
  }
  const idsOk =
    isArray(itemIds) &&
    itemIds.length > 0 &&
    itemIds.every((id) => isStreamKey(id)) &&
    new Set(itemIds).size === itemIds.length &&
    isArray(data.items) &&
    itemIds.length === data.items.length;
  if (!idsOk) violations.push(violation('repaymentOf.itemIds', 'INVALID_REPAYMENT'));
  return { paymentId, itemIds: isArray(itemIds) ? [...itemIds] : [] };
}

/** Limits of what a PG may send us; longer values are malformed, not truncated. */
export const MAX_PG_CODE_LENGTH = 128;
export const MAX_PG_MESSAGE_LENGTH = 2000;

/**
 * A PG code or transaction id: a non-blank string of at most MAX_PG_CODE_LENGTH; a PG message: any
 * string of at most MAX_PG_MESSAGE_LENGTH (PGs do send empty messages).
 */
export function checkGatewayText(
  field: string,
  value: unknown,
  kind: 'code' | 'message',
  violations: Violation[],
): void {
  const ok =
    typeof value === 'string' &&
    (kind === 'code'
      ? value.trim().length > 0 && value.length <= MAX_PG_CODE_LENGTH
      : value.length <= MAX_PG_MESSAGE_LENGTH);
  if (!ok) violations.push(violation(field, 'INVALID_GATEWAY_RESULT'));
}
