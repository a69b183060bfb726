import { DateTime } from 'luxon';
import type request from 'supertest';
import { loadConfig } from '@lib/common';
import {
  DEV_KEYS,
  cardPaymentBody,
  completePayment,
  expectProblem,
  guestCardPaymentBody,
  newMemberId,
  requestPayment,
  startTestApp,
  type TestApp,
} from './support/test-app';

const LOOKUP = '/v1/guests/payments/lookup';
const PASSWORD = 'pw-rate-limit-1';
/** A day: no window can elapse while a test runs, so no test waits for one (issue 13). */
const LONG_WINDOW = { LEDGER_RATE_LIMIT_WINDOW_SECONDS: '86400' };

/**
 * 429 RATE_LIMITED (DESIGN.md §6, issue 13): a problem document with `retryAfter` on the service's
 * clock and `Retry-After` in seconds, naming the limit but never its key. Returns the problem.
 */
function expectRateLimited(response: request.Response, t: TestApp, secrets: string[] = []) {
  const problem = expectProblem(response, 429, 'RATE_LIMITED');
  expect(problem.title).toBe('Rate limit exceeded');
  const seconds = Number(response.headers['retry-after']);
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 86_400).toBe(true);
  expect(DateTime.fromISO(problem.retryAfter!).toMillis()).toBe(
    t.clock.now().plus({ seconds }).toMillis(),
  );
  for (const secret of secrets) expect(response.text).not.toContain(secret);
  return problem;
}

describe('Rate limits (issue 13): 429 RATE_LIMITED before anything is decided', () => {
  describe('R15 guest look-ups per phone number', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: { ...LONG_WINDOW, LEDGER_RATE_LIMIT_GUEST_LOOKUPS_PER_MINUTE: '3' },
      });
    });
    afterAll(() => t.close());

    const lookup = (phone: string, password = PASSWORD) =>
      t.post('client', LOOKUP, { phone, password });

    it('given 3 look-ups of one phone in the window, when a 4th comes, then it is 429 RATE_LIMITED with Retry-After, and it appends nothing', async () => {
      const phone = '010-3100-0001';
      await completePayment(t, await requestPayment(t, guestCardPaymentBody(phone, PASSWORD)));
      for (let attempt = 1; attempt <= 3; attempt += 1) await lookup(phone).expect(200);
      const events = await t.eventCount();

      const limited = await lookup(phone);

      expectRateLimited(limited, t, [phone, '01031000001', PASSWORD, 'pk1-']);
      expect(JSON.parse(limited.text)).toMatchObject({
        detail:
          'At most 3 guest look-ups of one phone number in 86400 s; retry in ' +
          `${String(limited.headers['retry-after'])} s.`,
      });
      expect(await t.eventCount()).toBe(events);
    });

    it('given a phone at its limit, when it is written another way (no hyphens), then it is the same phone and still limited', async () => {
      const phone = '010-3100-0002';
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expectProblem(await lookup(phone), 401, 'GUEST_CREDENTIALS_INVALID');
      }
      expectRateLimited(await lookup('01031000002'), t);
    });

    it('given a phone at its limit, when another phone looks up, then that one is answered', async () => {
      for (let attempt = 1; attempt <= 4; attempt += 1) await lookup('010-3100-0003');
      expectRateLimited(await lookup('010-3100-0003'), t);
      expectProblem(await lookup('010-3100-0004'), 401, 'GUEST_CREDENTIALS_INVALID');
    });

    it('given a phone at its limit, when a look-up has a malformed or invalid body, then it gets its 400, not a 429 and not a crash', async () => {
      const phone = '010-3100-0006';
      for (let attempt = 1; attempt <= 4; attempt += 1) await lookup(phone);
      expectRateLimited(await lookup(phone), t);
      const malformed = await t
        .post('client', LOOKUP)
        .set('Content-Type', 'application/json')
        .send(`{"phone":"${phone}",`);
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      for (const body of [[], 'text', null, { phone: 42 }, { password: PASSWORD }, { phone: [] }]) {
        const invalid = await t
          .post('client', LOOKUP)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        expectProblem(invalid, 400, 'VALIDATION_FAILED');
      }
    });

    it('given requests without a client key, when they name a phone, then they count nothing against it', async () => {
      const phone = '010-3100-0005';
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        await t.http().post(LOOKUP).send({ phone, password: PASSWORD }).expect(401);
        await t.post('gateway', LOOKUP, { phone, password: PASSWORD }).expect(403);
      }
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        expectProblem(await lookup(phone), 401, 'GUEST_CREDENTIALS_INVALID');
      }
      expectRateLimited(await lookup(phone), t);
    });
  });

  describe('payment requests per payer', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        env: { ...LONG_WINDOW, LEDGER_RATE_LIMIT_PAYER_REQUESTS_PER_MINUTE: '2' },
      });
    });
    afterAll(() => t.close());

    it("given a member's 2 payment requests in the window, when a 3rd comes, then it is 429 and appends nothing; another member pays", async () => {
      const member = newMemberId();
      await requestPayment(t, cardPaymentBody(1, member));
      await requestPayment(t, cardPaymentBody(1, member));
      const events = await t.eventCount();

      expectRateLimited(await t.post('client', '/v1/payments', cardPaymentBody(1, member)), t);

      expect(await t.eventCount()).toBe(events);
      await requestPayment(t, cardPaymentBody(1, newMemberId()));
    });

    it('given a guest phone at its limit, when the same phone pays under another verification id, then it is still limited (counted by the phone key)', async () => {
      const phone = '010-3200-0001';
      await requestPayment(t, guestCardPaymentBody(phone, PASSWORD));
      await requestPayment(t, guestCardPaymentBody(phone, 'another-password'));
      expectRateLimited(
        await t.post('client', '/v1/payments', guestCardPaymentBody('01032000001', PASSWORD)),
        t,
        [phone, '01032000001', PASSWORD, 'pk1-'],
      );
      await requestPayment(t, guestCardPaymentBody('010-3200-0002', PASSWORD));
    });

    it('given a payment, when the client acts on it more often than the limit, then it is limited per payment, and the gateway never is', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      const refresh = `/v1/payments/${payment.paymentId}/refresh`;
      await t.post('client', refresh).expect(200);
      await t.post('client', refresh).expect(200);
      const events = await t.eventCount();

      expectRateLimited(await t.post('client', refresh), t);
      expectRateLimited(await t.post('client', `/v1/payments/${payment.paymentId}/cancel`), t);

      expect(await t.eventCount()).toBe(events);
      await completePayment(t, payment);
      const other = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      await t.post('client', `/v1/payments/${other.paymentId}/refresh`).expect(200);
    });

    it('given a payer at its limit, when a payment request is malformed or invalid, then it gets its 400', async () => {
      const member = newMemberId();
      await requestPayment(t, cardPaymentBody(1, member));
      await requestPayment(t, cardPaymentBody(1, member));
      const malformed = await t
        .post('client', '/v1/payments')
        .set('Content-Type', 'application/json')
        .send(`{"payer":{"type":"MEMBER","memberId":"${member}"}`);
      expectProblem(malformed, 400, 'MALFORMED_JSON');
      for (const payer of [null, 'MEMBER', { type: 'MEMBER' }, { type: 'GUEST', phone: 7 }]) {
        const body = { ...cardPaymentBody(1), payer };
        expectProblem(await t.post('client', '/v1/payments', body), 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('per API key and per address', () => {
    it('are off by default, and the per-phone and per-payer limits are generous', () => {
      expect(loadConfig({ NODE_ENV: 'test' }).rateLimits).toEqual({
        guestLookupsPerPhone: 60,
        requestsPerPayer: 600,
        requestsPerApiKey: 0,
        requestsPerAddress: 0,
        windowMs: 60_000,
      });
    });

    it('given the default settings, when one key from one address makes many requests, then none is limited', async () => {
      const t = await startTestApp();
      try {
        const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
        for (let index = 0; index < 100; index += 1) {
          await t.get('client', `/v1/payments/${payment.paymentId}`).expect(200);
        }
      } finally {
        await t.close();
      }
    });

    it('given a limit per API key, when one key exceeds it, then that key is limited and another is not', async () => {
      const t = await startTestApp({
        env: { ...LONG_WINDOW, LEDGER_RATE_LIMIT_PER_KEY_PER_MINUTE: '3' },
      });
      try {
        const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
        const read = `/v1/payments/${payment.paymentId}`;
        await t.get('client', read).expect(200);
        await t.get('client', read).expect(200);
        const limited = await t.get('client', read);
        expectRateLimited(limited, t, [DEV_KEYS.client]);
        expect(JSON.parse(limited.text)).toMatchObject({
          detail: expect.stringMatching(/^At most 3 requests with one API key in 86400 s/),
        });
        await t.get('support', read).expect(200);
        // An unknown key is not counted: it gets its 401.
        await t.http().get(read).set('Authorization', 'Bearer not-a-key').expect(401);
      } finally {
        await t.close();
      }
    });

    it('given a limit per address, when one address exceeds it, then every key from it is limited, but never the probes', async () => {
      const t = await startTestApp({
        env: { ...LONG_WINDOW, LEDGER_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '3' },
      });
      try {
        const member = newMemberId();
        await t.get('client', `/v1/members/${member}/payments`).expect(200);
        await t.get('client', `/v1/members/${member}/payments`).expect(200);
        await t.http().get('/v1/no-such-route').expect(404);
        const events = await t.eventCount();

        expectRateLimited(await t.post('client', '/v1/payments', cardPaymentBody(1, member)), t);
        expectRateLimited(await t.get('support', '/v1/support/attention'), t);
        expectRateLimited(await t.http().get('/v1/payments/p-1'), t);

        expect(await t.eventCount()).toBe(events);
        await t.http().get('/health/live').expect(200);
        await t.http().get('/health').expect(200);
        await t.http().get('/metrics').expect(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('documents 429 RATE_LIMITED with Retry-After on the limited routes', async () => {
      const t = await startTestApp();
      try {
        const document = (await t.http().get('/docs/openapi.json').expect(200)).body as {
          paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        };
        const limited = [
          ['post', '/v1/guests/payments/lookup'],
          ['post', '/v1/payments'],
          ['post', '/v1/payments/{paymentId}/refresh'],
          ['post', '/v1/payments/{paymentId}/items/{itemId}/view'],
          ['post', '/v1/payments/{paymentId}/cancel'],
          ['post', '/v1/payments/{paymentId}/repayment'],
        ] as const;
        for (const [method, path] of limited) {
          expect(document.paths[path]?.[method]?.responses['429']).toMatchObject({
            description: expect.stringContaining('RATE_LIMITED'),
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
          });
        }
        expect(document.paths['/v1/guests/payments/lookup']?.post?.responses['429']).toMatchObject({
          description: expect.stringContaining('GUEST_LOOKUP_LOCKED'),
        });
        // Off by default: a route outside those has no 429 of its own.
        expect(document.paths['/v1/payments/{paymentId}']?.get?.responses).not.toHaveProperty(
          '429',
        );
      } finally {
        await t.close();
      }
    });
  });
});
