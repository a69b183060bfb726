import { approval, cardPaymentBody, startTestApp, type TestApp } from './support/test-app';

describe('payment lifecycle through HTTP (smoke)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('requests, completes, views and then refuses to cancel a viewed payment', async () => {
    const requested = await t.post('client', '/v1/payments', cardPaymentBody(2)).expect(201);
    expect(requested.body).toMatchObject({ status: 'REQUESTED', amount: 2000, currency: 'KRW' });
    const id = requested.body.paymentId as string;
    await t.post('gateway', `/v1/payments/${id}/complete`, approval(2000)).expect(200);
    const itemId = requested.body.items[0].itemId as string;
    await t.post('client', `/v1/payments/${id}/items/${itemId}/view`).expect(200);
    const refused = await t.post('client', `/v1/payments/${id}/cancel`).expect(409);
    expect(refused.body).toMatchObject({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_VIEWED' });
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });
});
