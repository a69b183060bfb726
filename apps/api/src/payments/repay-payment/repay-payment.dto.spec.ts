import { fieldsOf, validateBody } from '../../http/validation/test/validate-body';
import { RepayPaymentDto } from './repay-payment.dto';

describe('RepayPaymentDto (POST /v1/payments/{id}/repayment body, R12)', () => {
  it.each([
    { method: 'CARD', cardIssuer: 'BC' },
    { method: 'BANK_TRANSFER', bankCode: '090' },
  ])('accepts %p', async (body) => {
    expect((await validateBody(RepayPaymentDto, body)).ok).toBe(true);
  });

  it.each([
    [{ method: 'CARD', cardIssuer: 'AMEX' }, 'cardIssuer'],
    [{ method: 'CARD', cardIssuer: 'BC', bankCode: '004' }, 'bankCode'],
    [{ method: 'BANK_TRANSFER', bankCode: '4' }, 'bankCode'],
    [{ method: 'BANK_TRANSFER', bankCode: '004', cardIssuer: 'BC' }, 'cardIssuer'],
    [{ method: 'CARD', cardIssuer: 'BC', items: [] }, 'items'],
    [{ method: 'CARD', cardIssuer: 'BC', payer: {} }, 'payer'],
  ])('refuses %p on %s', async (body, field) => {
    const result = await validateBody(RepayPaymentDto, body);
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(result)).toContain(field);
  });
});
