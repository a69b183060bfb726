import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  cardPaymentBody,
  completedCardPayment,
  expectProblem,
  guestCardPaymentBody,
  newMemberId,
  requestPayment,
  startTestApp,
  type TestApp,
} from './support/test-app';
import type { AuditEventBody, AuditPageBody } from './support/audit-log';

interface HistoryBody {
  paymentId: string;
  events: {
    revision: string;
    position: string;
    type: string;
    occurredAt: string | null;
    actor: { role: string; id: string } | null;
    data: Record<string, unknown>;
    correlationId: string | null;
  }[];
}

/** Collects a streamed body whatever its media type (superagent buffers only text and JSON). */
function collectText(
  response: request.Response,
  done: (error: Error | null, body: string) => void,
) {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => done(null, text));
}

describe('R16 support history and the audit log', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
  });

  afterEach(async () => {
    await t.close();
  });

  describe('GET /v1/support/payments/{paymentId}/history', () => {
    it("shows a declined payment's PG code and message", async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      await t
        .post('gateway', `/v1/payments/${payment.paymentId}/fail`, {
          code: 'E4012',
          message: '한도초과',
        })
        .expect(200);

      const body = (
        await t.get('support', `/v1/support/payments/${payment.paymentId}/history`).expect(200)
      ).body as HistoryBody;
      expect(body.paymentId).toBe(payment.paymentId);
      expect(body.events.map((event) => [event.revision, event.type])).toEqual([
        ['0', 'PaymentRequested'],
        ['1', 'PaymentFailed'],
      ]);
      expect(body.events[1]).toMatchObject({
        data: { code: 'E4012', message: '한도초과' },
        actor: { role: 'gateway' },
        occurredAt: expect.stringMatching(/\+09:00$/),
        correlationId: expect.any(String),
      });
      expect(BigInt(body.events[1]!.position)).toBeGreaterThan(BigInt(body.events[0]!.position));
    });

    it('shows a cancellation the PG refused, and the payment still COMPLETED', async () => {
      const payment = await completedCardPayment(t, {
        pgTransactionId: 'sandbox-cancel-refused-77',
      });
      expectProblem(
        await t.post('client', `/v1/payments/${payment.paymentId}/cancel`),
        502,
        'PG_CANCEL_FAILED',
      );

      const body = (
        await t.get('support', `/v1/support/payments/${payment.paymentId}/history`).expect(200)
      ).body as HistoryBody;
      expect(body.events.map((event) => event.type)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
        'PaymentCancellationStarted',
        'PaymentCancellationFailed',
      ]);
      expect(body.events[3]!.data).toMatchObject({ pgCode: 'C001' });
    });

    it("leaves a guest's phone key and password hash out", async () => {
      const payment = await requestPayment(
        t,
        guestCardPaymentBody('010-2222-3333', 'guest-secret'),
      );
      const response = await t
        .get('support', `/v1/support/payments/${payment.paymentId}/history`)
        .expect(200);
      const body = response.body as HistoryBody;
      expect(body.events[0]!.data).toMatchObject({ payer: { type: 'GUEST' } });
      expect(response.text).not.toMatch(/phoneKey|passwordHash|scrypt|pk1-/);
    });

    it('answers 404 PAYMENT_NOT_FOUND for an unknown payment, and 400 for a malformed id', async () => {
      expectProblem(
        await t.get('support', '/v1/support/payments/no-such-payment/history'),
        404,
        'PAYMENT_NOT_FOUND',
      );
      expectProblem(
        await t.get('support', '/v1/support/payments/bad%20id/history'),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('is for the support role only', async () => {
      expectProblem(await t.get('client', '/v1/support/payments/p-1/history'), 403, 'FORBIDDEN');
      expectProblem(await t.get('auditor', '/v1/support/payments/p-1/history'), 403, 'FORBIDDEN');
      expectProblem(await t.http().get('/v1/support/payments/p-1/history'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /v1/audit/events', () => {
    async function someHistory(): Promise<void> {
      await completedCardPayment(t);
      await completedCardPayment(t, { pgTransactionId: 'sandbox-cancel-refused-1' });
      await requestPayment(t, guestCardPaymentBody('010-2222-3333', 'guest-secret'));
      const transfer = {
        ...cardPaymentBody(1, newMemberId()),
        method: 'BANK_TRANSFER',
        bankCode: '088',
      };
      delete (transfer as { cardIssuer?: string }).cardIssuer;
      await requestPayment(t, transfer);
    }

    async function page(query: string): Promise<AuditPageBody> {
      return (await t.get('auditor', `/v1/audit/events${query}`).expect(200)).body as AuditPageBody;
    }

    it('pages through the whole log in order via `next`, every stream included', async () => {
      await someHistory();
      const stored = await t.store.readAll();

      const seen: AuditEventBody[] = [];
      let after: string | null = null;
      do {
        const body: AuditPageBody = await page(
          after === null ? '?limit=4' : `?limit=4&after=${after}`,
        );
        expect(body.events.length).toBeLessThanOrEqual(4);
        seen.push(...body.events);
        after = body.next;
        if (after !== null) expect(after).toBe(body.events.at(-1)!.position);
      } while (after !== null);

      expect(seen.map((event) => event.position)).toEqual(
        stored.map((event) => event.position.commit.toString()),
      );
      const positions = seen.map((event) => BigInt(event.position));
      positions
        .slice(1)
        .forEach((position, index) => expect(position).toBeGreaterThan(positions[index]!));
      const streams = new Set(seen.map((event) => event.stream.replace(/-.*$/, '')));
      expect([...streams].sort()).toEqual(['payer', 'payment']);
      expect(seen[0]).toMatchObject({
        revision: '0',
        type: expect.any(String),
        metadata: expect.objectContaining({ correlationId: expect.any(String) }),
        createdAt: expect.stringMatching(/Z$/),
      });
    });

    it('answers the same events as NDJSON, one a line', async () => {
      await someHistory();
      const json = await page('?limit=1000');
      const after = json.events[2]!.position;
      const jsonTail = await page(`?after=${after}&limit=1000`);

      const response = await t
        .get('auditor', `/v1/audit/events?after=${after}&limit=1000`)
        .set('Accept', 'application/x-ndjson')
        .buffer(true)
        .parse(collectText)
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = (response.body as string).split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(jsonTail.events.length);
      expect(lines.map((line) => JSON.parse(line) as AuditEventBody)).toEqual(jsonTail.events);
      expect(jsonTail.events).toEqual(json.events.slice(3));
    });

    it("R25: shows a guest's password hash and phone key, and the look-up stream's phone key, only as SHA-256, in JSON and NDJSON", async () => {
      const phone = '010-2222-3333';
      const password = 'guest-secret';
      const guest = await requestPayment(t, guestCardPaymentBody(phone, password));
      // A wrong password records a failure in the phone's look-up stream, named by its phone key.
      const wrong = await t
        .http()
        .post('/v1/guests/payments/lookup')
        .set('Authorization', 'Bearer dev-client-key')
        .send({ phone, password: 'wrong-password' });
      expectProblem(wrong, 401, 'GUEST_CREDENTIALS_INVALID');
      const stored = await t.store.readAll();
      const requested = stored.find((event) => event.streamId === `payment-${guest.paymentId}`);
      const { passwordHash, phoneKey } = (
        requested!.data as { payer: { passwordHash: string; phoneKey: string } }
      ).payer;
      const lookupStream = `guest-lookup-${phoneKey}`;
      expect(stored.some((event) => event.streamId === lookupStream)).toBe(true);

      const json = await t.get('auditor', '/v1/audit/events?limit=1000').expect(200);
      const ndjson = await t
        .get('auditor', '/v1/audit/events?limit=1000')
        .set('Accept', 'application/x-ndjson')
        .buffer(true)
        .parse(collectText)
        .expect(200);
      const lines = (ndjson.body as string).split('\n').filter((line) => line !== '');
      expect(lines.map((line) => JSON.parse(line) as AuditEventBody)).toEqual(
        (json.body as AuditPageBody).events,
      );
      for (const text of [json.text, ndjson.body as string]) {
        for (const secret of [passwordHash, phoneKey, phone, phone.replace(/-/g, ''), password]) {
          expect(text).not.toContain(secret);
        }
      }
      const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
      const events = (json.body as AuditPageBody).events;
      const shown = events.find((event) => event.stream === `payment-${guest.paymentId}`);
      expect(shown!.data).toMatchObject({
        payer: {
          type: 'GUEST',
          passwordHash: { sha256: sha256(passwordHash) },
          phoneKey: { sha256: sha256(phoneKey) },
        },
      });
      const lookups = events.filter((event) => event.stream.startsWith('guest-lookup-'));
      expect(lookups.map((event) => [event.stream, event.type])).toEqual([
        [`guest-lookup-sha256-${sha256(phoneKey)}`, 'GuestLookupFailed'],
      ]);
    });

    it('answers an empty page with next null after the last event', async () => {
      await completedCardPayment(t);
      const all = await page('');
      expect(all.next).toBeNull();
      expect(await page(`?after=${all.events.at(-1)!.position}`)).toEqual({
        events: [],
        next: null,
      });
    });

    it.each([
      ['after=abc', 'a non-numeric after'],
      ['after=-1', 'a negative after'],
      ['after=99999999999999999999', 'an after beyond 64 bits'],
      ['limit=0', 'limit 0'],
      ['limit=1001', 'a JSON limit above 1000'],
      ['limit=x', 'a non-numeric limit'],
    ])('refuses %s (%s) with 400', async (query) => {
      expectProblem(await t.get('auditor', `/v1/audit/events?${query}`), 400, 'VALIDATION_FAILED');
    });

    it('is for the auditor role only', async () => {
      for (const role of ['client', 'support', 'gateway', 'admin'] as const) {
        expectProblem(await t.get(role, '/v1/audit/events'), 403, 'FORBIDDEN');
      }
      expectProblem(await t.http().get('/v1/audit/events'), 401, 'UNAUTHENTICATED');
    });
  });
});
