import { ConfigError, DEV_API_KEYS, loadConfig, parseApiKeys } from '@lib/common';

describe('LEDGER_API_KEYS (DESIGN.md §6)', () => {
  describe('when unset', () => {
    it('gives the five development keys, one per role in the order of §6, outside production', () => {
      const keys = loadConfig({ NODE_ENV: 'test' }).apiKeys;
      expect(keys.map((key) => key.role)).toEqual([
        'client',
        'gateway',
        'support',
        'auditor',
        'admin',
      ]);
      expect(DEV_API_KEYS).toEqual({
        client: 'dev-client-key',
        gateway: 'dev-gateway-key',
        support: 'dev-support-key',
        auditor: 'dev-auditor-key',
        admin: 'dev-admin-key',
      });
    });

    it('treats an empty value as unset', () => {
      expect(parseApiKeys('  ', false)).toHaveLength(5);
    });

    it.each([undefined, ''])('is a start-up error in production (%p)', (value) => {
      expect(() => parseApiKeys(value, true)).toThrow(ConfigError);
    });
  });

  describe('when set', () => {
    it('parses role:key pairs, trimming spaces around entries', () => {
      const keys = parseApiKeys(' client:c-key-1 , gateway:g-key-1,admin:a:key:with:colons', true);
      expect(keys.map((key) => key.role)).toEqual(['client', 'gateway', 'admin']);
    });

    it('names each key by a fingerprint that is stable and is not the key', () => {
      const [first] = parseApiKeys('client:c-key-1', false);
      const [again] = parseApiKeys('gateway:g-key-1,client:c-key-1', false).slice(1);
      expect(first?.keyId).toMatch(/^client-[0-9a-f]{8}$/);
      expect(again?.keyId).toBe(first?.keyId);
      expect(JSON.stringify(first)).not.toContain('c-key-1');
    });

    it.each([
      ['an unknown role', 'root:secret-1'],
      ['an entry without a colon', 'secret-1'],
      ['an empty key', 'client:'],
      ['an empty entry', 'client:k1,,gateway:k2'],
      ['a trailing comma', 'client:k1,'],
      ['a key with a space', 'client:two words'],
      ['a non-ASCII key', 'client:열쇠'],
      ['a key given to two roles', 'client:same-key,support:same-key'],
    ])('refuses %s', (_, value) => {
      expect(() => parseApiKeys(value, false)).toThrow(ConfigError);
    });

    it('refuses a development key in production, and allows it elsewhere', () => {
      expect(() => parseApiKeys('client:dev-client-key', true)).toThrow(/development key/);
      expect(parseApiKeys('client:dev-client-key', false)).toHaveLength(1);
    });

    it('never repeats a key in its error messages', () => {
      for (const value of ['s3cr3t-value:client', 'client:s3cr3t value', 'x:s3cr3t-value']) {
        expect(() => parseApiKeys(value, false)).toThrow(ConfigError);
        try {
          parseApiKeys(value, false);
        } catch (error: unknown) {
          expect((error as Error).message).not.toContain('s3cr3t');
        }
      }
    });
  });
});
