import { loadConfig } from '@lib/common';
import { GuestCredentials } from './guest-credentials';

describe('R15 guest credentials', () => {
  const credentials = new GuestCredentials(loadConfig({ NODE_ENV: 'test' }));

  it('key a phone number by its digits, so hyphens do not matter, and never contain the number', () => {
    const key = credentials.phoneKey('010-1234-5678');
    expect(key).toBe(credentials.phoneKey('01012345678'));
    expect(key).not.toContain('12345678');
    expect(credentials.phoneKey('010-9999-5678')).not.toBe(key);
  });

  it('refuse to key something that is not a Korean phone number', () => {
    expect(credentials.phoneKey('12345')).toBeNull();
  });

  it('hash a password with a fresh salt and verify only the right one', async () => {
    const first = await credentials.hashPassword('비밀번호1234');
    const second = await credentials.hashPassword('비밀번호1234');
    expect(first).not.toBe(second);
    expect(first).not.toContain('비밀번호');
    await expect(credentials.verifyPassword('비밀번호1234', first)).resolves.toBe(true);
    await expect(credentials.verifyPassword('비밀번호1235', first)).resolves.toBe(false);
    await expect(credentials.verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
  });
});
