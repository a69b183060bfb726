import { fieldsOf, validateBody } from '../../http/validation/test/validate-body';
import { GuestLookupDto } from './guest-lookup.dto';

describe('GuestLookupDto (POST /v1/guests/payments/lookup body, R15)', () => {
  it('accepts a phone number and a password', async () => {
    const result = await validateBody(GuestLookupDto, { phone: '010-1234-5678', password: 'abcd' });
    expect(result.ok).toBe(true);
  });

  it.each([
    [{ phone: '010-1234-5678' }, 'password'],
    [{ password: 'abcd' }, 'phone'],
    [{ phone: '010-1234-5678', password: 'abc' }, 'password'],
    [{ phone: '10-1234-5678', password: 'abcd' }, 'phone'],
    [{ phone: '010-1234-5678', password: 'abcd', verificationId: 'v-1' }, 'verificationId'],
  ])('refuses %p on %s', async (body, field) => {
    const result = await validateBody(GuestLookupDto, body);
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(result)).toContain(field);
  });

  it('never repeats the phone number or the password back', async () => {
    const result = await validateBody(GuestLookupDto, {
      phone: '010-1234-56789',
      password: 'x'.repeat(65),
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain('010-1234-56789');
    expect(text).not.toContain('x'.repeat(65));
  });
});
