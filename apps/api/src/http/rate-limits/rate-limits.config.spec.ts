import { ConfigError, loadConfig } from '@lib/common';

const VARIABLES = [
  'LEDGER_RATE_LIMIT_GUEST_LOOKUPS_PER_MINUTE',
  'LEDGER_RATE_LIMIT_PAYER_REQUESTS_PER_MINUTE',
  'LEDGER_RATE_LIMIT_PER_KEY_PER_MINUTE',
  'LEDGER_RATE_LIMIT_PER_ADDRESS_PER_MINUTE',
  'LEDGER_RATE_LIMIT_WINDOW_SECONDS',
] as const;

describe('LEDGER_RATE_LIMIT_* (issue 13)', () => {
  it('when unset, limits guest look-ups per phone and requests per payer generously, and nothing per key or address', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimits).toEqual({
      guestLookupsPerPhone: 60,
      requestsPerPayer: 600,
      requestsPerApiKey: 0,
      requestsPerAddress: 0,
      windowMs: 60_000,
    });
    expect(loadConfig({ NODE_ENV: 'production', ...productionSecrets() }).rateLimits).toEqual(
      loadConfig({ NODE_ENV: 'test' }).rateLimits,
    );
  });

  it('when set, reads each count, 0 turning a limit off, and the window in seconds', () => {
    const { rateLimits } = loadConfig({
      NODE_ENV: 'test',
      LEDGER_RATE_LIMIT_GUEST_LOOKUPS_PER_MINUTE: '0',
      LEDGER_RATE_LIMIT_PAYER_REQUESTS_PER_MINUTE: ' 30 ',
      LEDGER_RATE_LIMIT_PER_KEY_PER_MINUTE: '6000',
      LEDGER_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '120',
      LEDGER_RATE_LIMIT_WINDOW_SECONDS: '3600',
    });
    expect(rateLimits).toEqual({
      guestLookupsPerPhone: 0,
      requestsPerPayer: 30,
      requestsPerApiKey: 6000,
      requestsPerAddress: 120,
      windowMs: 3_600_000,
    });
  });

  it('treats an empty value as unset', () => {
    expect(
      loadConfig({ NODE_ENV: 'test', LEDGER_RATE_LIMIT_PER_KEY_PER_MINUTE: '' }).rateLimits
        .requestsPerApiKey,
    ).toBe(0);
  });

  describe.each(VARIABLES)('%s', (name) => {
    it.each(['-1', '1.5', 'ten', '1e3', '0x10', 'off'])(
      'refuses %p at start-up, naming the variable',
      (value) => {
        expect(() => loadConfig({ NODE_ENV: 'test', [name]: value })).toThrow(ConfigError);
        expect(() => loadConfig({ NODE_ENV: 'test', [name]: value })).toThrow(name);
      },
    );
  });

  it.each(['0', '86401'])('refuses a window of %p seconds', (value) => {
    expect(() => loadConfig({ NODE_ENV: 'test', LEDGER_RATE_LIMIT_WINDOW_SECONDS: value })).toThrow(
      /LEDGER_RATE_LIMIT_WINDOW_SECONDS must be from 1 to 86400/,
    );
  });
});

/** What production needs to start at all, so that only the rate limits are under test. */
function productionSecrets(): NodeJS.ProcessEnv {
  return {
    LEDGER_API_KEYS: 'client:c-key-production-1',
    LEDGER_GUEST_PHONE_KEY_SECRET: 'p'.repeat(32),
    LEDGER_REQUEST_FINGERPRINT_SECRET: 'f'.repeat(32),
  };
}
