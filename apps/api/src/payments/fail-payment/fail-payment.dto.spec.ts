import { fieldsOf, validateBody } from '../../http/validation/test/validate-body';
import { FailPaymentDto } from './fail-payment.dto';

describe('FailPaymentDto (POST /v1/payments/{id}/fail body, R7)', () => {
  it('accepts a PG code and a Korean message', async () => {
    const result = await validateBody(FailPaymentDto, {
      code: 'E1001',
      message: '카드사 승인 거절',
    });
    expect(result.ok).toBe(true);
  });

  it('accepts a 32-character code and a 500-character message', async () => {
    const result = await validateBody(FailPaymentDto, {
      code: 'C'.repeat(32),
      message: '가'.repeat(500),
    });
    expect(result.ok).toBe(true);
  });

  it.each([
    ['code', ''],
    ['code', 'C'.repeat(33)],
    ['code', '   '],
    ['code', 1001],
    ['code', 'E1\n001'],
    ['message', ''],
    ['message', '가'.repeat(501)],
    ['message', 'declined\r\nINFO forged log line'],
    ['message', null],
  ])('refuses %s %p', async (field, value) => {
    const result = await validateBody(FailPaymentDto, {
      code: 'E1001',
      message: 'declined',
      [field]: value,
    });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(result)).toContain(field);
  });

  it('answers a long line of text with a control character at the end at once', async () => {
    // A single regular expression for "no control characters and not blank" can backtrack
    // quadratically; this input would take minutes with one.
    const started = process.hrtime.bigint();
    await validateBody(FailPaymentDto, { code: 'E1', message: `${'a'.repeat(200_000)}\n` });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});
