/**
 * Idempotency-Key on the payment routes (DESIGN.md §5, §6; docs/adr/0003): a retry with the same
 * key and body gets the first answer, marked `Idempotent-Replayed: true`, and appends nothing; the
 * same key with another body is a 422; 400s and 502s free the key; keys survive a restart.
 */
import {
  DEV_KEYS,
  RecordingGateway,
  approval,
  cardPaymentBody,
  completePayment,
  completedCardPayment,
  expectProblem,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

const REPLAYED = 'idempotent-replayed';

describe('Idempotency-Key on the payment routes (DESIGN.md §5, ADR 0011)', () => {
  let t: TestApp;
  const gateway = new RecordingGateway();

  beforeAll(async () => {
    t = await startTestApp({ gateway });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    moveClockTo(t.clock, '09:00', 1);
  });

  describe('the header is required on every state-changing route', () => {
    it('answers 400 IDEMPOTENCY_KEY_REQUIRED without it, and appends nothing', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const id = payment.paymentId;
      const routes: [string, object | undefined, keyof typeof DEV_KEYS][] = [
        ['/v1/payments', cardPaymentBody(1, newMemberId()), 'client'],
        [`/v1/payments/${id}/complete`, approval(2000), 'gateway'],
        [`/v1/payments/${id}/fail`, { code: 'E1', message: '거절' }, 'gateway'],
        [`/v1/payments/${id}/refresh`, undefined, 'client'],
        [`/v1/payments/${id}/items/${payment.items[0]!.itemId}/view`, undefined, 'client'],
        [`/v1/payments/${id}/cancel`, undefined, 'client'],
        [`/v1/payments/${id}/repayment`, { method: 'CARD', cardIssuer: 'BC' }, 'client'],
      ];
      const before = await t.eventCount();
      for (const [route, body, role] of routes) {
        const call = t.http().post(route).set('Authorization', `Bearer ${DEV_KEYS[role]}`);
        const response = await (body === undefined ? call : call.send(body));
        expectProblem(response, 400, 'IDEMPOTENCY_KEY_REQUIRED');
      }
      expect(await t.eventCount()).toBe(before);
    });

    it('answers 400 IDEMPOTENCY_KEY_INVALID for a key with spaces or over 255 characters', async () => {
      for (const key of ['two words', 'k'.repeat(256)]) {
        const response = await t.post('client', '/v1/payments', cardPaymentBody(1), key);
        expectProblem(response, 400, 'IDEMPOTENCY_KEY_INVALID');
      }
    });
  });

  describe('a retry with the same key and body', () => {
    it('replays the 201 of a payment request: same body, Idempotent-Replayed, no new event', async () => {
      const key = `req-${newMemberId()}`;
      const body = cardPaymentBody(3, newMemberId());
      const first = await t.post('client', '/v1/payments', body, key).expect(201);
      expect(first.headers[REPLAYED]).toBeUndefined();
      const before = await t.eventCount();

      t.clock.advance({ minutes: 1 });
      const retry = await t.post('client', '/v1/payments', body, key).expect(201);
      expect(retry.headers[REPLAYED]).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await t.eventCount()).toBe(before);
    });

    it('treats the same JSON with its keys in another order as the same request', async () => {
      const key = `order-${newMemberId()}`;
      const memberId = newMemberId();
      const items = [{ court: '서울중앙지방법원', caseNumber: '2024가합1' }];
      const first = await t
        .post(
          'client',
          '/v1/payments',
          { payer: { type: 'MEMBER', memberId }, method: 'CARD', cardIssuer: 'LOTTE', items },
          key,
        )
        .expect(201);
      const retry = await t
        .post(
          'client',
          '/v1/payments',
          { items, cardIssuer: 'LOTTE', method: 'CARD', payer: { memberId, type: 'MEMBER' } },
          key,
        )
        .expect(201);
      expect(retry.headers[REPLAYED]).toBe('true');
      expect(retry.body.paymentId).toBe(first.body.paymentId);
    });

    it('replays the 200 of a PG approval and of a view', async () => {
      const payment = await requestPayment(t, cardPaymentBody(2, newMemberId()));
      const body = approval(2000);
      const key = `complete-${payment.paymentId}`;
      const route = `/v1/payments/${payment.paymentId}/complete`;
      const first = await t.post('gateway', route, body, key).expect(200);
      const before = await t.eventCount();
      const retry = await t.post('gateway', route, body, key).expect(200);
      expect(retry.headers[REPLAYED]).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await t.eventCount()).toBe(before);

      const viewRoute = `/v1/payments/${payment.paymentId}/items/${payment.items[0]!.itemId}/view`;
      const viewKey = `view-${payment.paymentId}`;
      const viewed = await t.post('client', viewRoute, undefined, viewKey).expect(200);
      const afterView = await t.eventCount();
      t.clock.advance({ minutes: 1 });
      const viewedAgain = await t.post('client', viewRoute, undefined, viewKey).expect(200);
      expect(viewedAgain.headers[REPLAYED]).toBe('true');
      expect(viewedAgain.body).toEqual(viewed.body);
      expect(await t.eventCount()).toBe(afterView);
    });

    it('decides a refusal (409) again: once the payment changed, the same key succeeds', async () => {
      // given a viewed payment whose cancellation was refused with key K
      const payment = await completedCardPayment(t, { count: 2 });
      await t
        .post('client', `/v1/payments/${payment.paymentId}/items/${payment.items[0]!.itemId}/view`)
        .expect(200);
      const key = `cancel-${payment.paymentId}`;
      const route = `/v1/payments/${payment.paymentId}/cancel`;
      const refused = await t.post('client', route, undefined, key);
      expect(expectProblem(refused, 409, 'CANCEL_NOT_ALLOWED').reason).toBe('ALREADY_VIEWED');

      // and the viewed judgment was paid again, so the payment can now be cancelled (R12)
      const repayment = (
        await t
          .post('client', `/v1/payments/${payment.paymentId}/repayment`, {
            method: 'CARD',
            cardIssuer: 'CITI',
          })
          .expect(201)
      ).body as PaymentBody;
      await completePayment(t, repayment);

      // when the payer retries with K, then the refusal is not replayed: the cancel runs now
      const retried = await t.post('client', route, undefined, key).expect(200);
      expect(retried.headers[REPLAYED]).toBeUndefined();
      expect(retried.body.status).toBe('CANCELLED');
      expect(gateway.callsFor(payment.paymentId)).toBe(1);

      // and from then on the success is what K replays
      const replayed = await t.post('client', route, undefined, key).expect(200);
      expect(replayed.headers[REPLAYED]).toBe('true');
      expect(replayed.body).toEqual(retried.body);
      expect(gateway.callsFor(payment.paymentId)).toBe(1);
    });

    it('decides a 404 for an unknown payment again, never replaying it', async () => {
      const route = '/v1/payments/no-such-payment/refresh';
      const first = await t.post('client', route, undefined, 'refresh-unknown');
      expectProblem(first, 404, 'PAYMENT_NOT_FOUND');
      const retry = await t.post('client', route, undefined, 'refresh-unknown');
      expectProblem(retry, 404, 'PAYMENT_NOT_FOUND');
      expect(retry.headers[REPLAYED]).toBeUndefined();
    });
  });

  describe('the same key with another request', () => {
    it('answers 422 IDEMPOTENCY_KEY_REUSED for another body, and appends nothing', async () => {
      const key = `reuse-${newMemberId()}`;
      const memberId = newMemberId();
      await t.post('client', '/v1/payments', cardPaymentBody(1, memberId), key).expect(201);
      const before = await t.eventCount();
      const reused = await t.post('client', '/v1/payments', cardPaymentBody(2, memberId), key);
      expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(reused.headers[REPLAYED]).toBeUndefined();
      expect(await t.eventCount()).toBe(before);
    });

    it('answers 422 for the same key on another route of the payment it changed', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const key = `route-${payment.paymentId}`;
      await t
        .post(
          'client',
          `/v1/payments/${payment.paymentId}/items/${payment.items[0]!.itemId}/view`,
          undefined,
          key,
        )
        .expect(200);
      const other = await t.post(
        'client',
        `/v1/payments/${payment.paymentId}/cancel`,
        undefined,
        key,
      );
      expectProblem(other, 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(await t.get('client', `/v1/payments/${payment.paymentId}`).expect(200)).toMatchObject({
        body: { status: 'COMPLETED' },
      });
    });

    it('keeps callers apart: the gateway may use a key the client used', async () => {
      const key = `shared-${newMemberId()}`;
      const payment = (
        await t.post('client', '/v1/payments', cardPaymentBody(1, newMemberId()), key).expect(201)
      ).body as PaymentBody;
      const completed = await t
        .post('gateway', `/v1/payments/${payment.paymentId}/complete`, approval(1000), key)
        .expect(200);
      expect(completed.headers[REPLAYED]).toBeUndefined();
      expect(completed.body.status).toBe('COMPLETED');
    });
  });

  describe('answers the caller is meant to retry free the key', () => {
    it('a 400: the corrected body with the same key runs', async () => {
      const key = `fix-${newMemberId()}`;
      const memberId = newMemberId();
      const invalid = await t.post(
        'client',
        '/v1/payments',
        { ...cardPaymentBody(1, memberId), cardIssuer: 'AMEX' },
        key,
      );
      expectProblem(invalid, 400, 'VALIDATION_FAILED');
      const fixed = await t.post('client', '/v1/payments', cardPaymentBody(1, memberId), key);
      expect(fixed.status).toBe(201);
      expect(fixed.headers[REPLAYED]).toBeUndefined();
    });

    it('a refusal that names a time to retry (R6 retryAfter): the same key after that time runs', async () => {
      const memberId = newMemberId();
      const pending = await requestPayment(t, transferPaymentBody(1, memberId));
      const key = `later-${memberId}`;
      const refused = await t.post('client', '/v1/payments', transferPaymentBody(1, memberId), key);
      const problem = expectProblem(refused, 409, 'PENDING_TRANSFER_EXISTS');
      expect(problem.retryAfter).toBe(pending.expiresAt);

      t.clock.set(problem.retryAfter!);
      const retried = await t.post('client', '/v1/payments', transferPaymentBody(1, memberId), key);
      expect(retried.status).toBe(201);
      expect(retried.headers[REPLAYED]).toBeUndefined();
    });

    it('a 502 from the PG (R13): the retry with the same key calls the PG again and can succeed', async () => {
      const payment = await completedCardPayment(t);
      const key = `pg-${payment.paymentId}`;
      const route = `/v1/payments/${payment.paymentId}/cancel`;
      gateway.answerNext({ outcome: 'REFUSED', pgCode: 'T01', pgMessage: '일시 오류' });
      expectProblem(await t.post('client', route, undefined, key), 502, 'PG_CANCEL_FAILED');

      const retry = await t.post('client', route, undefined, key).expect(200);
      expect(retry.headers[REPLAYED]).toBeUndefined();
      expect(retry.body.status).toBe('CANCELLED');
      expect(gateway.callsFor(payment.paymentId)).toBe(2);

      // and from then on the success is what the key replays
      const replayed = await t.post('client', route, undefined, key).expect(200);
      expect(replayed.headers[REPLAYED]).toBe('true');
      expect(gateway.callsFor(payment.paymentId)).toBe(2);
    });
  });

  describe('keys are durable', () => {
    it('replays after a restart on the same data folder', async () => {
      const key = `restart-${newMemberId()}`;
      const body = cardPaymentBody(2, newMemberId());
      const first = await t.post('client', '/v1/payments', body, key).expect(201);
      const now = t.clock.now().toISO()!;
      const before = await t.eventCount();

      await t.close();
      t = await startTestApp({ dataDir: t.dataDir, now, gateway });

      const retry = await t.post('client', '/v1/payments', body, key).expect(201);
      expect(retry.headers[REPLAYED]).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await t.eventCount()).toBe(before);
      const reused = await t.post('client', '/v1/payments', cardPaymentBody(3), key);
      expectProblem(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });
});
