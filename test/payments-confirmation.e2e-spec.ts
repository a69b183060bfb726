import {
  cardPaymentBody,
  completedCardPayment,
  expectProblem,
  requestPayment,
  startTestApp,
  type TestApp,
} from './support/test-app';

describe('R17 결제확인서: a printable confirmation that says it is not a receipt (FAQ II.2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
  });
  afterAll(() => t.close());

  it('given a completed payment, when the payer prints it, then the page names the transaction, amount and judgments and says it is not a receipt', async () => {
    const payment = await completedCardPayment(t, { count: 2 });
    const response = await t
      .get('client', `/v1/payments/${payment.paymentId}/confirmation`)
      .expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('결제확인서');
    expect(response.text).toContain(payment.paymentId);
    expect(response.text).toContain('2,000원');
    expect(response.text).toContain('2024가합10001');
    expect(response.text).toContain('영수증으로 사용하실 수 없습니다');
    expect(response.text).toContain('신한카드');
  });

  it('given a payment still awaiting the PG, when the payer asks for its confirmation, then it is refused', async () => {
    const payment = await requestPayment(t, cardPaymentBody(1));
    expectProblem(
      await t.get('client', `/v1/payments/${payment.paymentId}/confirmation`),
      409,
      'CONFIRMATION_NOT_AVAILABLE',
    );
  });

  it('given a cancelled payment, when the payer asks for its confirmation, then it is refused', async () => {
    const payment = await completedCardPayment(t);
    await t.post('client', `/v1/payments/${payment.paymentId}/cancel`).expect(200);
    expectProblem(
      await t.get('client', `/v1/payments/${payment.paymentId}/confirmation`),
      409,
      'CONFIRMATION_NOT_AVAILABLE',
    );
  });

  it('answers 404 for an unknown payment and 403 for a role other than client', async () => {
    expectProblem(
      await t.get('client', '/v1/payments/no-such-payment/confirmation'),
      404,
      'PAYMENT_NOT_FOUND',
    );
    const payment = await completedCardPayment(t);
    expectProblem(
      await t.get('gateway', `/v1/payments/${payment.paymentId}/confirmation`),
      403,
      'FORBIDDEN',
    );
  });
});
