import type { DateTime } from 'luxon';
import { invariant } from './assert';
import { businessDate, isBusinessDate, type BusinessDate } from './business-time';

/** Every stream name the ledger uses, built in this one place (STYLE.md "Names are a contract"). */
export const PAYMENT_STREAM_PREFIX = 'payment-';
export const PAYER_STREAM_PREFIX = 'payer-';
export const SETTLEMENT_STREAM_PREFIX = 'settlement-';
export const REPAYMENT_STREAM_PREFIX = 'repayment-';

const STREAM_KEY = /^[A-Za-z0-9._-]{1,128}$/;

/** Ids that may name a stream (payment ids, payer keys): 1–128 letters, digits, `.`, `_`, `-`. */
export function isStreamKey(value: unknown): value is string {
  return typeof value === 'string' && STREAM_KEY.test(value);
}

/** `payment-<paymentId>`: one stream per payment. */
export function paymentStreamId(paymentId: string): string {
  invariant(STREAM_KEY.test(paymentId), `Not a payment id: ${JSON.stringify(paymentId)}`);
  return `${PAYMENT_STREAM_PREFIX}${paymentId}`;
}

/** The payment id of a `payment-<id>` stream, or null for any other stream. */
export function paymentIdOfStream(streamId: string): string | null {
  if (!streamId.startsWith(PAYMENT_STREAM_PREFIX)) return null;
  const id = streamId.slice(PAYMENT_STREAM_PREFIX.length);
  return STREAM_KEY.test(id) ? id : null;
}

/** `payer-<payerKey>` (see `payerKeyOf`): the payer's pending-transfer guard (R6). */
export function payerStreamId(payerKey: string): string {
  invariant(STREAM_KEY.test(payerKey), `Not a payer key: ${JSON.stringify(payerKey)}`);
  return `${PAYER_STREAM_PREFIX}${payerKey}`;
}

/** `repayment-<originalPaymentId>`: the original's repayment guard (R12), one pending at a time. */
export function repaymentGuardStreamId(originalPaymentId: string): string {
  invariant(
    STREAM_KEY.test(originalPaymentId),
    `Not a payment id: ${JSON.stringify(originalPaymentId)}`,
  );
  return `${REPAYMENT_STREAM_PREFIX}${originalPaymentId}`;
}

/** `settlement-<yyyy-mm-dd>`: the close of one KST day (R18). An instant names its KST day. */
export function settlementStreamId(date: BusinessDate | DateTime): string {
  const day = typeof date === 'string' ? date : businessDate(date);
  invariant(isBusinessDate(day), `Not a business date: ${JSON.stringify(day)}`);
  return `${SETTLEMENT_STREAM_PREFIX}${day}`;
}
