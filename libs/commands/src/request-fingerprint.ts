import { createHmac } from 'node:crypto';
import { canonicalJson } from '@lib/audit';

/**
 * A digest of what a request asks for: method, path and body with object keys sorted, so the same
 * JSON sent with its keys in another order is the same request. Keyed (HMAC) with a server secret:
 * a body can hold a guest's phone number and password, and an unkeyed hash of it, stored in the
 * log that auditors read, could be reversed by guessing them.
 */
export function requestFingerprint(
  secret: string,
  method: string,
  path: string,
  body: unknown,
): string {
  return createHmac('sha256', secret)
    .update(
      `idempotency-fingerprint-v1\n${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`,
    )
    .digest('hex');
}
