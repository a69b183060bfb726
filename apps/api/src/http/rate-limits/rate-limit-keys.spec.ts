import { GuestCredentials } from '@lib/payments';
import { loadConfig } from '@lib/common';
import { addressKey, lookupPhoneKey, payerKey, paymentKey } from './rate-limit-keys';

const credentials = new GuestCredentials(loadConfig({ NODE_ENV: 'test' }));
const phoneKeyOf = (phone: string) => credentials.phoneKey(phone);

describe('the keys the rate limits count by (issue 13, R25)', () => {
  it('counts a guest look-up by the phone key, the same for every spelling, never the number', () => {
    const key = lookupPhoneKey({ phone: '010-1234-5678', password: 'pw-1234' }, phoneKeyOf);
    expect(key).toBe(credentials.phoneKey('01012345678'));
    expect(lookupPhoneKey({ phone: '01012345678' }, phoneKeyOf)).toBe(key);
    expect(key).not.toContain('1234');
    expect(key).not.toContain('5678');
  });

  it('counts a payment request by its payer: a member by id, a guest by the phone key', () => {
    expect(payerKey({ payer: { type: 'MEMBER', memberId: 'm-1001' } }, phoneKeyOf)).toBe(
      'member:m-1001',
    );
    const guest = { type: 'GUEST', verificationId: 'v-1', phone: '010-1234-5678', password: 'x' };
    expect(payerKey({ payer: guest }, phoneKeyOf)).toBe(
      `guest:${credentials.phoneKey('010-1234-5678')}`,
    );
  });

  it('counts a client route on a payment by the payment', () => {
    expect(paymentKey({ paymentId: 'p-1', itemId: 'i-1' })).toBe('payment:p-1');
  });

  it.each([
    ['no body', undefined],
    ['null', null],
    ['an array', [{ phone: '010-1234-5678' }]],
    ['a string', '010-1234-5678'],
    ['a phone that is a number', { phone: 1012345678 }],
    ['a phone that is not a phone number', { phone: 'not-a-phone' }],
    ['a phone far too long to be one', { phone: `010-1234-5678${' '.repeat(1_000_000)}` }],
    ['an inherited phone', Object.create({ phone: '010-1234-5678' }) as object],
  ])('counts nothing for a look-up with %s (its 400 comes from validation)', (_, body) => {
    expect(lookupPhoneKey(body, phoneKeyOf)).toBeNull();
  });

  it.each([
    ['no payer', {}],
    ['a payer that is a string', { payer: 'MEMBER' }],
    ['an unknown payer type', { payer: { type: 'ADMIN', memberId: 'm-1' } }],
    ['a member without an id', { payer: { type: 'MEMBER' } }],
    ['a member id outside the contract', { payer: { type: 'MEMBER', memberId: 'm 1/../x' } }],
    ['an overlong member id', { payer: { type: 'MEMBER', memberId: 'm'.repeat(65) } }],
    ['a guest without a phone', { payer: { type: 'GUEST', verificationId: 'v-1' } }],
    ['a guest with a broken phone', { payer: { type: 'GUEST', phone: ['010-1234-5678'] } }],
  ])('counts nothing for a payment request with %s', (_, body) => {
    expect(payerKey(body, phoneKeyOf)).toBeNull();
  });

  it.each([[{}], [{ paymentId: '../x' }], [{ paymentId: 'p'.repeat(65) }], [null]])(
    'counts nothing for payment path parameters %p',
    (params) => {
      expect(paymentKey(params)).toBeNull();
    },
  );

  it('counts an IPv4 address as it is and an IPv6 address by its /64', () => {
    expect(addressKey('127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb::2'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
  });
});
