import { ConfigError, loadConfig } from './config';

const PHONE_SECRET = 'phone-key-secret-0123456789abcdef0123';
const FINGERPRINT_SECRET = 'fingerprint-secret-0123456789abcdef01';
const PRODUCTION = {
  NODE_ENV: 'production',
  LEDGER_API_KEYS: 'client:prod-client-key-1,gateway:prod-gateway-key-1',
  LEDGER_GUEST_PHONE_KEY_SECRET: PHONE_SECRET,
  LEDGER_REQUEST_FINGERPRINT_SECRET: FINGERPRINT_SECRET,
};

/** What a start-up refuses, by the message it prints (it names the variable, never its value). */
function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('the two server secrets (R15, R25, issue 13)', () => {
  it('given production with both secrets set and different, then both are used as given', () => {
    const config = loadConfig(PRODUCTION);

    expect(config.guestPhoneKeySecret).toBe(PHONE_SECRET);
    expect(config.requestFingerprintSecret).toBe(FINGERPRINT_SECRET);
  });

  it.each(['LEDGER_GUEST_PHONE_KEY_SECRET', 'LEDGER_REQUEST_FINGERPRINT_SECRET'])(
    'given production without %s, then the start-up names it',
    (name) => {
      expect(refusal({ ...PRODUCTION, [name]: undefined })).toBe(
        `${name} must be set in production (32+ characters)`,
      );
    },
  );

  it('given a secret shorter than 32 characters, then the start-up names the variable and not the value', () => {
    const message = refusal({ ...PRODUCTION, LEDGER_REQUEST_FINGERPRINT_SECRET: 'short-secret' });

    expect(message).toBe('LEDGER_REQUEST_FINGERPRINT_SECRET must be at least 32 characters');
    expect(message).not.toContain('short-secret');
  });

  it('given production with one value for both secrets, then the start-up refuses it', () => {
    expect(refusal({ ...PRODUCTION, LEDGER_REQUEST_FINGERPRINT_SECRET: PHONE_SECRET })).toBe(
      'LEDGER_REQUEST_FINGERPRINT_SECRET must differ from LEDGER_GUEST_PHONE_KEY_SECRET',
    );
  });

  it('given development without secrets, then two different development secrets serve', () => {
    const config = loadConfig({ NODE_ENV: 'development' });

    expect(config.guestPhoneKeySecret).not.toBe(config.requestFingerprintSecret);
  });
});

describe("the guest password hash's cost (R15: OWASP's scrypt minimum N=2^17)", () => {
  it('given production, then the cost is 2^17 and cannot be lowered', () => {
    expect(loadConfig(PRODUCTION).guestPasswordScryptN).toBe(2 ** 17);
    expect(refusal({ ...PRODUCTION, LEDGER_GUEST_PASSWORD_SCRYPT_N: String(2 ** 12) })).toBe(
      'LEDGER_GUEST_PASSWORD_SCRYPT_N cannot be lowered in production',
    );
  });

  it('given tests, then the default is low and any power of two from 2^10 to 2^17 is taken', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).guestPasswordScryptN).toBe(2 ** 12);
    expect(loadConfig({ NODE_ENV: 'development' }).guestPasswordScryptN).toBe(2 ** 17);
    expect(
      loadConfig({ NODE_ENV: 'test', LEDGER_GUEST_PASSWORD_SCRYPT_N: '1024' }).guestPasswordScryptN,
    ).toBe(1024);
  });

  it.each(['1000', '512', String(2 ** 18), '0', 'lots', '-4096'])(
    'given LEDGER_GUEST_PASSWORD_SCRYPT_N=%s, then the start-up refuses it',
    (value) => {
      expect(refusal({ NODE_ENV: 'test', LEDGER_GUEST_PASSWORD_SCRYPT_N: value })).toMatch(
        /^LEDGER_GUEST_PASSWORD_SCRYPT_N must be/,
      );
    },
  );
});

describe('the log (issue 14: LOG_LEVEL, pretty lines in development)', () => {
  it('given no LOG_LEVEL, then info; given one in any case, then that level', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logging.level).toBe('info');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: ' Silent ' }).logging.level).toBe('silent');
  });

  it('given an unknown LOG_LEVEL, then the start-up names the variable and the levels', () => {
    expect(refusal({ NODE_ENV: 'test', LOG_LEVEL: 'verbose' })).toMatch(
      /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose"$/,
    );
  });

  it('given NODE_ENV unset or development, then pretty lines on a terminal; otherwise JSON', () => {
    expect(loadConfig({}).logging.prettyOnTerminal).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).logging.prettyOnTerminal).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).logging.prettyOnTerminal).toBe(false);
    expect(loadConfig(PRODUCTION).logging.prettyOnTerminal).toBe(false);
  });
});
