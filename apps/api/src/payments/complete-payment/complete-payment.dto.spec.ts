import { fieldsOf, validateBody } from '../../http/validation/test/validate-body';
import { CompletePaymentDto } from './complete-payment.dto';

const approval = {
  pgTransactionId: 'pg-20260301-0001',
  approvedAmount: 5000,
  approvedAt: '2026-03-01T10:15:30+09:00',
  certificateVerified: false,
};

async function expectInvalid(body: unknown, field: string): Promise<void> {
  const result = await validateBody(CompletePaymentDto, body);
  expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  expect(fieldsOf(result)).toContain(field);
}

describe('CompletePaymentDto (POST /v1/payments/{id}/complete body)', () => {
  it('accepts a PG approval', async () => {
    const result = await validateBody(CompletePaymentDto, approval);
    expect(result).toEqual({ ok: true, value: expect.any(CompletePaymentDto) });
  });

  it.each([
    '2026-03-01T01:15:30Z',
    '2026-03-01T10:15:30.123+09:00',
    '2026-03-01T10:15:30.123456789+0900',
  ])('accepts the instant %s', async (approvedAt) => {
    expect((await validateBody(CompletePaymentDto, { ...approval, approvedAt })).ok).toBe(true);
  });

  it.each([
    ['an instant without an offset', '2026-03-01T10:15:30'],
    ['a date only', '2026-03-01'],
    ['a day that does not exist', '2026-02-30T10:15:30+09:00'],
    ['an hour that does not exist', '2026-03-01T25:15:30+09:00'],
    ['no seconds', '2026-03-01T10:15+09:00'],
    ['epoch milliseconds', 1772327730000],
    ['free text', 'yesterday'],
  ])('refuses approvedAt as %s', async (_, approvedAt) => {
    await expectInvalid({ ...approval, approvedAt }, 'approvedAt');
  });

  it.each([
    ['a string of digits', '5000'],
    ['zero', 0],
    ['a negative amount', -5000],
    ['a fraction', 5000.5],
    ['beyond the safe integers', 2 ** 53],
    ['null', null],
  ])('refuses approvedAmount as %s (KRW are positive safe integers)', async (_, approvedAmount) => {
    await expectInvalid({ ...approval, approvedAmount }, 'approvedAmount');
  });

  it('accepts the largest safe integer amount', async () => {
    const result = await validateBody(CompletePaymentDto, {
      ...approval,
      approvedAmount: Number.MAX_SAFE_INTEGER,
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a leading space', ' pg-1'],
    ['a line break', 'pg-1\npg-2'],
    ['non-ASCII', '거래-1'],
    ['a number', 1234],
  ])('refuses pgTransactionId %s', async (_, pgTransactionId) => {
    await expectInvalid({ ...approval, pgTransactionId }, 'pgTransactionId');
  });

  it('accepts a 128-character pgTransactionId with inner spaces', async () => {
    const pgTransactionId = `a${' b'.repeat(63)}c`;
    expect(pgTransactionId).toHaveLength(128);
    expect((await validateBody(CompletePaymentDto, { ...approval, pgTransactionId })).ok).toBe(
      true,
    );
  });

  it.each([
    ['the string "true"', 'true'],
    ['1', 1],
    ['missing', undefined],
  ])('refuses certificateVerified as %s', async (_, certificateVerified) => {
    await expectInvalid({ ...approval, certificateVerified }, 'certificateVerified');
  });
});
