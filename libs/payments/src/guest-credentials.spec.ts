import { randomBytes, scryptSync } from 'node:crypto';
import { loadConfig } from '@lib/common';
import { GuestCredentials } from './guest-credentials';

/** Counts the slow hashes it runs. */
class CountingCredentials extends GuestCredentials {
  slowHashes = 0;

  protected override slowHash(...args: Parameters<GuestCredentials['slowHash']>): Promise<Buffer> {
    this.slowHashes += 1;
    return super.slowHash(...args);
  }
}

describe('R15 guest credentials', () => {
  const credentials = new GuestCredentials(loadConfig({ NODE_ENV: 'test' }));
  const phone = credentials.phoneKey('010-1234-5678')!;
  const otherPhone = credentials.phoneKey('010-9999-5678')!;

  it('key a phone number by its digits, so hyphens do not matter, and never contain the number', () => {
    expect(phone).toBe(credentials.phoneKey('01012345678'));
    expect(phone).not.toContain('12345678');
    expect(otherPhone).not.toBe(phone);
  });

  it('refuse to key something that is not a Korean phone number', () => {
    expect(credentials.phoneKey('12345')).toBeNull();
  });

  it('given one phone, when a password is hashed twice, then both hashes are one (the salt is the phone’s) and only the right password matches', async () => {
    const first = await credentials.hashPassword('비밀번호1234', phone);
    expect(await credentials.hashPassword('비밀번호1234', phone)).toBe(first);
    expect(await credentials.hashPassword('비밀번호1234', otherPhone)).not.toBe(first);
    expect(first).not.toContain('비밀번호');
    await expect(credentials.verifyPassword('비밀번호1234', first, phone)).resolves.toBe(true);
    await expect(credentials.verifyPassword('비밀번호1235', first, phone)).resolves.toBe(false);
    await expect(credentials.verifyPassword('x', 'not-a-hash', phone)).resolves.toBe(false);
  });

  it('given a phone’s hashes under two passwords and an older random-salted one, when a look-up checks them, then it matches exactly those of the password', async () => {
    const mine = await credentials.hashPassword('mine-1', phone);
    const other = await credentials.hashPassword('other-2', phone);
    const salt = randomBytes(16);
    const legacyKey = scryptSync('mine-1', salt, 32, { N: 1024, r: 8, p: 1 });
    const legacy = `scrypt$1024$8$1$${salt.toString('base64')}$${legacyKey.toString('base64')}`;
    await expect(credentials.matching('mine-1', phone, [mine, other, legacy])).resolves.toEqual([
      mine,
      legacy,
    ]);
    await expect(credentials.matching('nobody', phone, [mine, other, legacy])).resolves.toEqual([]);
  });

  it('given 12 payments of one phone under three passwords and one older hash, when a look-up checks them, then it runs two slow hashes, not thirteen (R25)', async () => {
    const hashes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => credentials.hashPassword(`pw-${i % 3}`, phone)),
    );
    const salt = randomBytes(16);
    const legacy = `scrypt$1024$8$1$${salt.toString('base64')}$${scryptSync('pw-0', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
    const counting = new CountingCredentials(loadConfig({ NODE_ENV: 'test' }));
    const matched = await counting.matching('pw-0', phone, [...new Set(hashes), legacy]);
    expect(matched).toHaveLength(2);
    expect(counting.slowHashes).toBe(2);
  });

  it.each([
    ['a cost above 2^17', 'scrypt-phone$1073741824$8$1'],
    ['a cost that is not a power of two', 'scrypt-phone$100000$8$1'],
    ['r = 64', 'scrypt-phone$1024$64$1'],
    ['p = 100', 'scrypt-phone$1024$8$100'],
    ['an unknown scheme', 'bcrypt$1024$8$1'],
  ])(
    'given a stored hash with %s, when it is checked, then it never matches and nothing is run',
    async (_name, head) => {
      const forged = `${head}$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;
      await expect(credentials.matching('anything', phone, [forged])).resolves.toEqual([]);
    },
  );
});
