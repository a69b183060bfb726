import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '@lib/common';
import type { Actor } from './actor';

/**
 * Finds the key a bearer token names. Compares SHA-256 digests (always 32 bytes, so the
 * comparison never depends on the token's length) in constant time, and visits every key
 * whatever matches, so the answer time tells nothing about which key or how much of it matched.
 */
export class ApiKeyAuthenticator {
  constructor(private readonly keys: readonly ApiKey[]) {
    if (keys.length === 0) {
      throw new Error('No API keys configured: every protected route would refuse everyone');
    }
  }

  authenticate(token: string): Actor | undefined {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let match: ApiKey | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.sha256) && match === undefined) {
        match = key;
      }
    }
    return match === undefined ? undefined : { role: match.role, keyId: match.keyId };
  }
}

const BEARER = /^Bearer +([\x21-\x7E]+) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other shape. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') {
    return undefined;
  }
  return BEARER.exec(header)?.[1];
}
