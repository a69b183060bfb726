import { createHash, createHmac, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { normalisePhoneNumber } from '@lib/ledger';
import { LIMITS } from '@lib/limits';

/** A password hash's scheme: the salt comes from the phone key, so one hash serves a look-up. */
const PHONE_SALTED = 'scrypt-phone';
/** Hashes written before: a random salt per payment, checked one by one. */
const RANDOM_SALTED = 'scrypt';

const { scryptR, scryptP, keyBytes, saltBytes, scryptMaxMemBytes } = LIMITS.passwordHash;

/** The parameters a stored hash names, once they are known to be safe to run. */
interface StoredHash {
  readonly scheme: typeof PHONE_SALTED | typeof RANDOM_SALTED;
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions) {
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      keyLength,
      { ...options, maxmem: scryptMaxMemBytes },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * A stored hash's parts, or null when it is not one this code wrote or its parameters lie outside
 * the bounds (R15, issue 13): a hash read from the log is data, and a forged N of 2^30 must not
 * make a look-up allocate gigabytes.
 */
function parseStored(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if ((scheme !== PHONE_SALTED && scheme !== RANDOM_SALTED) || rest.length > 0) return null;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  const bounded =
    Number.isSafeInteger(N) &&
    N >= LIMITS.passwordHash.storedScryptNMin &&
    N <= LIMITS.passwordHash.storedScryptNMax &&
    (N & (N - 1)) === 0 &&
    Number.isSafeInteger(R) &&
    R >= 1 &&
    R <= LIMITS.passwordHash.storedScryptRMax &&
    Number.isSafeInteger(P) &&
    P >= 1 &&
    P <= LIMITS.passwordHash.storedScryptPMax &&
    128 * N * R < scryptMaxMemBytes;
  if (!bounded || salt === undefined || key === undefined) return null;
  const saltBuffer = Buffer.from(salt, 'base64');
  const keyBuffer = Buffer.from(key, 'base64');
  if (saltBuffer.length < 8 || saltBuffer.length > 64) return null;
  if (keyBuffer.length < 16 || keyBuffer.length > 64) return null;
  return { scheme, N, r: R, p: P, salt: saltBuffer, key: keyBuffer };
}

/**
 * A guest's phone and password (R15), turned into what the ledger may keep: an opaque phone key
 * (a keyed HMAC of the normalised number, so the look-up can find it but a leaked database cannot
 * be reversed by trying every number without the secret) and a slow password hash (scrypt at
 * OWASP's cost in production). The hash's salt is derived from the phone key, so all of a phone's
 * payments made under one password share one hash: a look-up costs one slow hash however many
 * payments the phone has (R25). Hashes written before with a random salt are still checked, one
 * by one.
 */
@Injectable()
export class GuestCredentials {
  private readonly N: number;

  constructor(
    @Inject(LEDGER_CONFIG)
    private readonly config: Pick<LedgerConfig, 'guestPhoneKeySecret' | 'guestPasswordScryptN'>,
  ) {
    this.N = config.guestPasswordScryptN;
  }

  /** The phone's look-up key, or null when it is not a Korean phone number. */
  phoneKey(phone: string): string | null {
    const normalised = normalisePhoneNumber(phone);
    if (normalised === null) return null;
    return `pk1-${createHmac('sha256', this.config.guestPhoneKeySecret).update(normalised).digest('hex')}`;
  }

  /** The password's hash for a payment by the phone of `phoneKey`. */
  async hashPassword(password: string, phoneKey: string): Promise<string> {
    const salt = phoneSalt(phoneKey);
    const key = await this.slowHash(password, salt, keyBytes, {
      N: this.N,
      r: scryptR,
      p: scryptP,
    });
    return [
      PHONE_SALTED,
      this.N,
      scryptR,
      scryptP,
      salt.toString('base64'),
      key.toString('base64'),
    ].join('$');
  }

  /**
   * The stored hashes the password matches, checked in constant time and without an early exit
   * (the time does not tell which matched). One slow hash per distinct (salt, cost) among them:
   * one for every hash this code writes for the phone; one more for each older random-salted
   * hash. With no hash at all, one hash of the same cost all the same, so a phone without
   * payments answers as slowly as a wrong password.
   */
  async matching(password: string, phoneKey: string, stored: readonly string[]): Promise<string[]> {
    const parsed = stored.flatMap((hash) => {
      const parts = parseStored(hash);
      return parts === null ? [] : [{ hash, parts }];
    });
    if (parsed.length === 0) {
      await this.hashPassword(password, phoneKey);
      return [];
    }
    const groups = new Map<
      string,
      { parts: StoredHash; hashes: { hash: string; key: Buffer }[] }
    >();
    for (const { hash, parts } of parsed) {
      const id = `${parts.N}$${parts.r}$${parts.p}$${parts.salt.toString('base64')}$${parts.key.length}`;
      const group = groups.get(id) ?? { parts, hashes: [] };
      group.hashes.push({ hash, key: parts.key });
      groups.set(id, group);
    }
    const matches = await Promise.all(
      [...groups.values()].map(async ({ parts, hashes }) => {
        const actual = await this.slowHash(password, parts.salt, parts.key.length, parts);
        return hashes.filter(
          ({ key }) => key.length === actual.length && timingSafeEqual(key, actual),
        );
      }),
    );
    return matches.flat().map(({ hash }) => hash);
  }

  /** The slow hash itself (scrypt, off the event loop); a test counts the calls. */
  protected slowHash(
    password: string,
    salt: Buffer,
    keyLength: number,
    options: ScryptOptions,
  ): Promise<Buffer> {
    return scryptAsync(password, salt, keyLength, options);
  }

  /** Whether the password matches one stored hash (constant time); false for a malformed one. */
  async verifyPassword(password: string, stored: string, phoneKey: string): Promise<boolean> {
    return (await this.matching(password, phoneKey, [stored])).length === 1;
  }
}

/** The salt of a phone's password hashes: public, derived from its (already keyed) phone key. */
function phoneSalt(phoneKey: string): Buffer {
  return createHash('sha256')
    .update(`judgment-fee-ledger/guest-password-salt/v1\n${phoneKey}`)
    .digest()
    .subarray(0, saltBytes);
}
