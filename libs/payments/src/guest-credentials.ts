import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { normalisePhoneNumber } from '@lib/ledger';
import { LIMITS } from '@lib/limits';

/** scrypt cost and sizes (LIMITS.passwordHash). */
const SCRYPT = {
  N: LIMITS.passwordHash.scryptN,
  r: LIMITS.passwordHash.scryptR,
  p: LIMITS.passwordHash.scryptP,
  keyLength: LIMITS.passwordHash.keyBytes,
  saltLength: LIMITS.passwordHash.saltBytes,
} as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * A guest's phone and password (R15), turned into what the ledger may keep: an opaque phone key
 * (a keyed HMAC of the normalised number, so the look-up can find it but a leaked database cannot
 * be reversed by trying every number without the secret) and a salted slow password hash.
 */
@Injectable()
export class GuestCredentials {
  constructor(
    @Inject(LEDGER_CONFIG)
    private readonly config: Pick<LedgerConfig, 'guestPhoneKeySecret'>,
  ) {}

  /** The phone's look-up key, or null when it is not a Korean phone number. */
  phoneKey(phone: string): string | null {
    const normalised = normalisePhoneNumber(phone);
    if (normalised === null) return null;
    return `pk1-${createHmac('sha256', this.config.guestPhoneKeySecret).update(normalised).digest('hex')}`;
  }

  async hashPassword(password: string): Promise<string> {
    const salt = randomBytes(SCRYPT.saltLength);
    const { N, r, p, keyLength } = SCRYPT;
    const key = await scryptAsync(password, salt, keyLength, { N, r, p });
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** Compares in constant time; false for a malformed stored hash. */
  async verifyPassword(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
    const expected = Buffer.from(hash, 'base64');
    const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
