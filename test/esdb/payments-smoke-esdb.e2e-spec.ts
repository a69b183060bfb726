import { approval, cardPaymentBody, startTestApp, type TestApp } from '../support/test-app';
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';

/**
 * The payment lifecycle of test/payments-smoke.e2e-spec.ts, with the app started on LEDGER_STORE=esdb
 * against the wire-level test server: the composition root opens the EventStoreDB adapter itself
 * (infrastructure.module's openEventStore), and every command, read and subscription goes through
 * the real v6 client.
 */
describe('payment lifecycle through HTTP on the EventStoreDB adapter (smoke)', () => {
  let server: EsdbTestServer;
  let t: TestApp;
  beforeAll(async () => {
    server = await startEsdbTestServer();
    t = await startTestApp({ env: { LEDGER_STORE: 'esdb', LEDGER_ESDB_URL: server.url } });
  });
  afterAll(async () => {
    await t.close();
    await server.stop();
  });

  it('requests, completes, views and then refuses to cancel a viewed payment', async () => {
    const requested = await t.post('client', '/v1/payments', cardPaymentBody(2)).expect(201);
    expect(requested.body).toMatchObject({ status: 'REQUESTED', amount: 2000, currency: 'KRW' });
    const id = requested.body.paymentId as string;
    await t.post('gateway', `/v1/payments/${id}/complete`, approval(2000)).expect(200);
    const itemId = requested.body.items[0].itemId as string;
    await t.post('client', `/v1/payments/${id}/items/${itemId}/view`).expect(200);
    const refused = await t.post('client', `/v1/payments/${id}/cancel`).expect(409);
    expect(refused.body).toMatchObject({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_VIEWED' });
    expect(await t.paymentEvents(id)).toEqual(
      expect.arrayContaining(['PaymentRequested', 'PaymentCompleted']),
    );
    const stored = server.log.allEvents();
    expect(stored.some((event) => event.streamId === `payment-${id}`)).toBe(true);
  });
});
