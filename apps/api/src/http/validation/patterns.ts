import { REQUEST_LIMITS } from '../limits';

/** Payment and item ids in paths: what our id generators produce (UUIDs, ULIDs, prefixed ids). */
export const RESOURCE_ID = new RegExp(`^[A-Za-z0-9_-]{1,${REQUEST_LIMITS.resourceIdCharsMax}}$`);

/** memberId and verificationId (DESIGN.md §6): 1–64 letters, digits, `.`, `_`, `-`. */
export const PAYER_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Idempotency-Key: 1–255 visible ASCII characters (no spaces, no control characters). */
export const IDEMPOTENCY_KEY = new RegExp(
  `^[\\x21-\\x7E]{1,${REQUEST_LIMITS.idempotencyKeyCharsMax}}$`,
);

/** `{pgTransactionId}` in a path: the PG transaction ids a path can carry without escaping. */
export const PG_TRANSACTION_ID_PARAM = /^[A-Za-z0-9._:-]{1,128}$/;
