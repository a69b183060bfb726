import { canonicalJson } from '@lib/audit';
import { requestFingerprint } from './request-fingerprint';

const SECRET = 'test-secret-of-at-least-32-characters';

describe('request fingerprints', () => {
  it('treat the same body with keys in another order as the same request', () => {
    expect(
      requestFingerprint(SECRET, 'post', '/v1/payments', { a: 1, b: { d: [1, 2], c: 'x' } }),
    ).toBe(requestFingerprint(SECRET, 'POST', '/v1/payments', { b: { c: 'x', d: [1, 2] }, a: 1 }));
  });

  it('tell apart bodies that differ in a value, an array order or the path', () => {
    const base = requestFingerprint(SECRET, 'POST', '/v1/payments', { items: [1, 2] });
    expect(requestFingerprint(SECRET, 'POST', '/v1/payments', { items: [2, 1] })).not.toBe(base);
    expect(requestFingerprint(SECRET, 'POST', '/v1/payments/x', { items: [1, 2] })).not.toBe(base);
  });

  it('write canonical JSON with sorted keys', () => {
    expect(canonicalJson({ b: 1, a: [true, null, '가'] })).toBe('{"a":[true,null,"가"],"b":1}');
  });

  it('depend on the server secret, so a stored fingerprint cannot be checked against guesses', () => {
    const body = { payer: { phone: '010-1234-5678', password: '1234' } };
    expect(requestFingerprint(SECRET, 'POST', '/v1/payments', body)).not.toBe(
      requestFingerprint('another-secret-of-at-least-32-chars', 'POST', '/v1/payments', body),
    );
  });
});
