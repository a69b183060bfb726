import { parseApiKeys } from '@lib/common';
import { ApiKeyAuthenticator, bearerTokenOf } from './api-key.authenticator';

describe('ApiKeyAuthenticator', () => {
  const authenticator = new ApiKeyAuthenticator(
    parseApiKeys('client:c-key-0001,support:s-key-0001,support:s-key-0002', false),
  );

  it('answers the role and fingerprint of a known key', () => {
    expect(authenticator.authenticate('s-key-0002')).toEqual({
      role: 'support',
      keyId: expect.stringMatching(/^support-[0-9a-f]{8}$/),
    });
  });

  it('tells two keys of one role apart by their fingerprints', () => {
    const first = authenticator.authenticate('s-key-0001');
    const second = authenticator.authenticate('s-key-0002');
    expect(first?.keyId).not.toBe(second?.keyId);
  });

  it.each(['', 'c-key-000', 'c-key-00011', 'C-KEY-0001', ' c-key-0001'])(
    'knows nobody by %p',
    (token) => {
      expect(authenticator.authenticate(token)).toBeUndefined();
    },
  );

  it('refuses to exist without keys, which would lock every protected route', () => {
    expect(() => new ApiKeyAuthenticator([])).toThrow();
  });
});

describe('bearerTokenOf', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['BEARER  abc ', 'abc'],
  ])('reads %p', (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc', ['Bearer abc']])(
    'reads nothing from %p',
    (header) => {
      expect(bearerTokenOf(header)).toBeUndefined();
    },
  );
});
