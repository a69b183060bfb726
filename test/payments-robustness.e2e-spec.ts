/**
 * Hostile and broken input on the payment routes (DESIGN.md §6): every answer is a 4xx problem
 * document with a stable `code` and a Korean `message`, never a 5xx; nothing is appended. Also the
 * API-key roles of the payment routes, and 404s for payments that do not exist.
 */
import type { Response } from 'supertest';
import {
  DEV_KEYS,
  approval,
  cardPaymentBody,
  completedCardPayment,
  expectProblem,
  judgments,
  moveClockTo,
  newMemberId,
  startTestApp,
  transferPaymentBody,
  type Role,
  type TestApp,
} from './support/test-app';

const member = () => ({ type: 'MEMBER', memberId: newMemberId() });

describe('payment routes under broken and hostile input', () => {
  let t: TestApp;
  let paymentId: string;
  let itemId: string;
  let eventsBefore: number;

  beforeAll(async () => {
    t = await startTestApp();
    moveClockTo(t.clock, '09:00', 1);
    const payment = await completedCardPayment(t, { count: 2 });
    paymentId = payment.paymentId;
    itemId = payment.items[0]!.itemId;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    eventsBefore = await t.ledgerEventCount();
  });

  /** A raw POST with a JSON content type and the given text as body. */
  const postRaw = (role: Role, route: string, text: string) =>
    t
      .http()
      .post(route)
      .set('Authorization', `Bearer ${DEV_KEYS[role]}`)
      .set('Idempotency-Key', `raw-${newMemberId()}`)
      .set('Content-Type', 'application/json')
      .send(text);

  /** A 400 VALIDATION_FAILED naming `field` (when given), and nothing appended to the store. */
  const expectInvalid = async (response: Response, field?: string) => {
    const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
    if (field !== undefined) {
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    }
    expect(await t.ledgerEventCount()).toBe(eventsBefore);
    return problem;
  };

  const commandRoutes = (id: string, item = 'item-1'): [Role, string, object | undefined][] => [
    ['gateway', `/v1/payments/${id}/complete`, approval(1000)],
    ['gateway', `/v1/payments/${id}/fail`, { code: 'E1', message: '거절' }],
    ['client', `/v1/payments/${id}/refresh`, undefined],
    ['client', `/v1/payments/${id}/items/${item}/view`, undefined],
    ['client', `/v1/payments/${id}/cancel`, undefined],
    ['client', `/v1/payments/${id}/repayment`, { method: 'CARD', cardIssuer: 'BC' }],
  ];

  describe('API keys and roles on the payment routes (DESIGN.md §6)', () => {
    it('answers 401 without a key and with an unknown key, on every route', async () => {
      const routes: [string, string][] = [
        ['post', '/v1/payments'],
        ['get', `/v1/payments/${paymentId}`],
        ...commandRoutes(paymentId).map(([, route]): [string, string] => ['post', route]),
      ];
      for (const [method, route] of routes) {
        const anonymous = method === 'get' ? t.http().get(route) : t.http().post(route);
        expectProblem(await anonymous, 401, 'UNAUTHENTICATED');
        const unknown = method === 'get' ? t.http().get(route) : t.http().post(route);
        expectProblem(
          await unknown.set('Authorization', 'Bearer not-a-key'),
          401,
          'UNAUTHENTICATED',
        );
      }
    });

    it.each<[Role, string, string]>([
      ['client', 'complete', 'the PG’s approval'],
      ['client', 'fail', 'the PG’s decline'],
      ['support', 'complete', 'the PG’s approval'],
      ['gateway', 'cancel', 'a cancellation'],
      ['gateway', 'refresh', 'the 결제중 button'],
      ['gateway', 'repayment', 'a repayment'],
      ['support', 'cancel', 'a cancellation'],
      ['admin', 'cancel', 'a cancellation'],
    ])('answers 403 to the %s key on /%s (%s)', async (role, action, _) => {
      const route = `/v1/payments/${paymentId}/${action}`;
      expectProblem(await t.post(role, route, {}), 403, 'FORBIDDEN');
    });

    it('answers 403 to a payment request by the gateway and a view by support', async () => {
      expectProblem(await t.post('gateway', '/v1/payments', cardPaymentBody(1)), 403, 'FORBIDDEN');
      const view = `/v1/payments/${paymentId}/items/${itemId}/view`;
      expectProblem(await t.post('support', view), 403, 'FORBIDDEN');
    });

    it('lets client and support read a payment, and no one else', async () => {
      await t.get('client', `/v1/payments/${paymentId}`).expect(200);
      await t.get('support', `/v1/payments/${paymentId}`).expect(200);
      for (const role of ['gateway', 'auditor', 'admin'] as const) {
        expectProblem(await t.get(role, `/v1/payments/${paymentId}`), 403, 'FORBIDDEN');
      }
      expect(await t.ledgerEventCount()).toBe(eventsBefore);
    });
  });

  describe('payments that do not exist', () => {
    it('answers 404 PAYMENT_NOT_FOUND on GET and on every command route', async () => {
      expectProblem(
        await t.get('client', '/v1/payments/no-such-payment'),
        404,
        'PAYMENT_NOT_FOUND',
      );
      expectProblem(
        await t.get('support', '/v1/payments/no-such-payment'),
        404,
        'PAYMENT_NOT_FOUND',
      );
      for (const [role, route, body] of commandRoutes('no-such-payment')) {
        expectProblem(await t.post(role, route, body), 404, 'PAYMENT_NOT_FOUND');
      }
      const payments = (await t.store.readAll()).filter((event) =>
        event.streamId.startsWith('payment-no-such'),
      );
      expect(payments).toEqual([]);
    });

    it('answers 404 NOT_FOUND for a route that does not exist', async () => {
      expectProblem(await t.post('client', `/v1/payments/${paymentId}/refund`), 404, 'NOT_FOUND');
      expectProblem(await t.get('client', '/v1/payment'), 404, 'NOT_FOUND');
    });
  });

  describe('malformed ids in paths', () => {
    const longId = 'a'.repeat(10_000);

    it('answers 400 naming paymentId for a 10,000-character id on GET and every command route', async () => {
      await expectInvalid(await t.get('client', `/v1/payments/${longId}`), 'paymentId');
      for (const [role, route, body] of commandRoutes(longId)) {
        await expectInvalid(await t.post(role, route, body), 'paymentId');
      }
    });

    it('answers 400 naming itemId for a 10,000-character item id', async () => {
      await expectInvalid(
        await t.post('client', `/v1/payments/${paymentId}/items/${longId}/view`),
        'itemId',
      );
    });

    it.each([
      ['a dot-dot segment', '..%2F..%2Fetc'],
      ['a NUL byte', 'p%00x'],
      ['Hangul', encodeURIComponent('거래번호')],
      ['a space', 'p%20x'],
      ['a stream-name separator', 'a%3Ab'],
    ])('answers 400 for an id with %s', async (_, id) => {
      await expectInvalid(await t.get('client', `/v1/payments/${id}`), 'paymentId');
      await expectInvalid(await t.post('client', `/v1/payments/${id}/cancel`), 'paymentId');
    });
  });

  describe('bodies that are not the JSON the route takes', () => {
    it('answers 400 MALFORMED_JSON for broken JSON', async () => {
      for (const text of ['{"payer":', '{payer: 1}', "{'a': 1}", '{"a":1}}', 'NaN']) {
        expectProblem(await postRaw('client', '/v1/payments', text), 400, 'MALFORMED_JSON');
      }
      expect(await t.ledgerEventCount()).toBe(eventsBefore);
    });

    it('answers 400 FORBIDDEN_PROPERTY_NAME for prototype-pollution keys at any depth', async () => {
      const valid = JSON.stringify(cardPaymentBody(1, newMemberId())).slice(1, -1);
      const texts = [
        `{"__proto__": {"isAdmin": true}, ${valid}}`,
        `{"constructor": {"prototype": {"isAdmin": true}}, ${valid}}`,
        `{${valid.replace('"memberId"', '"__proto__": {"x": 1}, "memberId"')}}`,
        `{"prototype": 1, ${valid}}`,
      ];
      for (const text of texts) {
        expectProblem(
          await postRaw('client', '/v1/payments', text),
          400,
          'FORBIDDEN_PROPERTY_NAME',
        );
      }
      const approvalText = `{"__proto__": {"approvedAmount": 1}, ${JSON.stringify(approval(2000)).slice(1)}`;
      expectProblem(
        await postRaw('gateway', `/v1/payments/${paymentId}/complete`, approvalText),
        400,
        'FORBIDDEN_PROPERTY_NAME',
      );
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(await t.ledgerEventCount()).toBe(eventsBefore);
    });

    it('answers 400 for a body that is an array, a string, a number or null', async () => {
      for (const text of ['[]', '"payment"', '42', 'null', '[{"payer": 1}]']) {
        expectProblem(await postRaw('client', '/v1/payments', text), 400, 'VALIDATION_FAILED');
      }
      expect(await t.ledgerEventCount()).toBe(eventsBefore);
    });

    it('answers 415 for a body that is not JSON', async () => {
      const response = await t
        .http()
        .post('/v1/payments')
        .set('Authorization', `Bearer ${DEV_KEYS.client}`)
        .set('Idempotency-Key', `form-${newMemberId()}`)
        .type('form')
        .send('method=CARD');
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 400 for a body on a route that takes none (refresh, view, cancel)', async () => {
      const routes = [
        `/v1/payments/${paymentId}/refresh`,
        `/v1/payments/${paymentId}/items/${itemId}/view`,
        `/v1/payments/${paymentId}/cancel`,
      ];
      for (const route of routes) {
        await expectInvalid(await t.post('client', route, { force: true }), 'force');
        await expectInvalid(await postRaw('client', route, '[1]'), 'body');
      }
      const longName = await t.post('client', routes[2]!, { ['x'.repeat(10_000)]: 1 });
      const problem = await expectInvalid(longName);
      expect(problem.errors![0]!.field.length).toBeLessThan(200);
      const after = await t.get('client', `/v1/payments/${paymentId}`).expect(200);
      expect(after.body).toMatchObject({ status: 'COMPLETED', cancellable: true });
    });
  });

  describe('R1 payment methods, card issuers and bank codes', () => {
    it.each<[string, object, string]>([
      ['an unknown card issuer', { method: 'CARD', cardIssuer: 'AMEX' }, 'cardIssuer'],
      ['a lower-case card issuer', { method: 'CARD', cardIssuer: 'shinhan' }, 'cardIssuer'],
      ['a card without an issuer', { method: 'CARD' }, 'cardIssuer'],
      ['an unknown bank code', { method: 'BANK_TRANSFER', bankCode: '999' }, 'bankCode'],
      ['a bank code as a number', { method: 'BANK_TRANSFER', bankCode: 88 }, 'bankCode'],
      ['a transfer without a bank code', { method: 'BANK_TRANSFER' }, 'bankCode'],
      [
        'a bank code with CARD',
        { method: 'CARD', cardIssuer: 'SHINHAN', bankCode: '088' },
        'bankCode',
      ],
      [
        'a card issuer with BANK_TRANSFER',
        { method: 'BANK_TRANSFER', bankCode: '088', cardIssuer: 'SHINHAN' },
        'cardIssuer',
      ],
      ['a method other than card or transfer', { method: 'CASH' }, 'method'],
    ])('refuses %s', async (_, method, field) => {
      const body = { payer: member(), items: judgments(1), ...method };
      const problem = await expectInvalid(await t.post('client', '/v1/payments', body), field);
      expect(JSON.stringify(problem)).not.toContain('010-');
    });

    it('refuses an unknown bank code in a repayment too', async () => {
      const body = { method: 'BANK_TRANSFER', bankCode: '000' };
      await expectInvalid(
        await t.post('client', `/v1/payments/${paymentId}/repayment`, body),
        'bankCode',
      );
    });
  });

  describe('R2 items: 1..1,000 distinct, well-formed judgments', () => {
    it('refuses 1,001 items and accepts 1,000', async () => {
      await expectInvalid(
        await t.post('client', '/v1/payments', cardPaymentBody(1001, newMemberId())),
        'items',
      );
      const full = await t.post('client', '/v1/payments', cardPaymentBody(1000, newMemberId()));
      expect(full.status).toBe(201);
      expect(full.body.amount).toBe(1_000_000);
    });

    it('refuses no items', async () => {
      const body = { ...cardPaymentBody(1, newMemberId()), items: [] };
      await expectInvalid(await t.post('client', '/v1/payments', body), 'items');
    });

    it('refuses the same judgment twice, also when its Hangul is decomposed (NFD)', async () => {
      const twice = [
        { court: '서울중앙지방법원', caseNumber: '2024가합12345' },
        { court: '서울중앙지방법원', caseNumber: '2024가합12345' },
      ];
      const body = { ...cardPaymentBody(1, newMemberId()), items: twice };
      await expectInvalid(await t.post('client', '/v1/payments', body), 'items');
      const decomposed = [
        twice[0],
        {
          court: '서울중앙지방법원'.normalize('NFD'),
          caseNumber: '2024가합12345'.normalize('NFD'),
        },
      ];
      await expectInvalid(
        await t.post('client', '/v1/payments', { ...body, items: decomposed }),
        'items',
      );
    });

    it.each([
      '2024가합',
      '24가합123',
      '2024ab123',
      '2024가합12345678',
      '2024가나다라마1',
      ' 2024가합1',
    ])('refuses the case number %j', async (caseNumber) => {
      const body = {
        ...cardPaymentBody(1, newMemberId()),
        items: [{ court: '서울중앙지방법원', caseNumber }],
      };
      await expectInvalid(await t.post('client', '/v1/payments', body), 'items[0].caseNumber');
    });

    it.each(['서', '서울중앙지방법원'.repeat(6), '<script>', '서울\n법원'])(
      'refuses the court name %j',
      async (court) => {
        const body = {
          ...cardPaymentBody(1, newMemberId()),
          items: [{ court, caseNumber: '2024가합1' }],
        };
        await expectInvalid(await t.post('client', '/v1/payments', body), 'items[0].court');
      },
    );

    it('refuses an amount or a fee sent by the client: the ledger sets them', async () => {
      const body = { ...cardPaymentBody(1, newMemberId()), amount: 1 };
      await expectInvalid(await t.post('client', '/v1/payments', body), 'amount');
      const withFee = {
        ...cardPaymentBody(1, newMemberId()),
        items: [{ court: '서울중앙지방법원', caseNumber: '2024가합1', fee: 1 }],
      };
      await expectInvalid(await t.post('client', '/v1/payments', withFee), 'items[0].fee');
    });
  });

  describe('wrong types and values', () => {
    it.each<[string, object, string]>([
      ['a null payer', { payer: null }, 'payer'],
      ['a payer of unknown type', { payer: { type: 'ADMIN', memberId: 'x' } }, 'payer.type'],
      ['a member id with spaces', { payer: { type: 'MEMBER', memberId: 'a b' } }, 'payer.memberId'],
      ['items as an object', { items: { court: '서울중앙지방법원' } }, 'items'],
      ['an item that is a string', { items: ['2024가합1'] }, 'items[0]'],
      ['a method as a number', { method: 5 }, 'method'],
    ])('refuses %s in a payment request', async (_, change, field) => {
      const body = { ...cardPaymentBody(1, newMemberId()), ...change };
      await expectInvalid(await t.post('client', '/v1/payments', body), field);
    });

    it('refuses a guest with a bad phone number, and never echoes the phone or the password', async () => {
      const body = {
        ...transferPaymentBody(1),
        payer: {
          type: 'GUEST',
          verificationId: 'rnv-1',
          phone: '02-12345-67890-1',
          password: 'secret-pass',
        },
      };
      const problem = await expectInvalid(
        await t.post('client', '/v1/payments', body),
        'payer.phone',
      );
      expect(JSON.stringify(problem)).not.toMatch(/12345|secret-pass/);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['approvedAmount as a string', { approvedAmount: '2000' }, 'approvedAmount'],
      ['approvedAmount with a fraction', { approvedAmount: 2000.5 }, 'approvedAmount'],
      ['a negative approvedAmount', { approvedAmount: -2000 }, 'approvedAmount'],
      ['an approvedAmount beyond 2^53', { approvedAmount: 1e20 }, 'approvedAmount'],
      ['certificateVerified as a string', { certificateVerified: 'true' }, 'certificateVerified'],
      ['approvedAt without an offset', { approvedAt: '2026-12-01T10:00:00' }, 'approvedAt'],
      ['approvedAt that is not a date', { approvedAt: 'yesterday' }, 'approvedAt'],
      ['a 129-character pgTransactionId', { pgTransactionId: 'p'.repeat(129) }, 'pgTransactionId'],
      ['a pgTransactionId with a newline', { pgTransactionId: 'pg\n1' }, 'pgTransactionId'],
      ['a missing pgTransactionId', { pgTransactionId: undefined }, 'pgTransactionId'],
    ])('refuses an approval with %s', async (_, change, field) => {
      const requested = await t.post('client', '/v1/payments', cardPaymentBody(2, newMemberId()));
      expect(requested.status).toBe(201);
      eventsBefore = await t.ledgerEventCount();
      const id = requested.body.paymentId as string;
      const body = { ...approval(2000), ...change };
      await expectInvalid(await t.post('gateway', `/v1/payments/${id}/complete`, body), field);
      const now = await t.get('client', `/v1/payments/${id}`).expect(200);
      expect(now.body.status).toBe('REQUESTED');
    });

    it.each<[string, object, string]>([
      ['a numeric code', { code: 1001, message: '거절' }, 'code'],
      ['an empty message', { code: 'E1', message: '' }, 'message'],
      ['a 501-character message', { code: 'E1', message: '가'.repeat(501) }, 'message'],
      ['a message with control characters', { code: 'E1', message: '거절\u0000' }, 'message'],
    ])('refuses a decline with %s', async (_, body, field) => {
      await expectInvalid(await t.post('gateway', `/v1/payments/${paymentId}/fail`, body), field);
    });
  });
});
