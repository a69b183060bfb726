import { Body, Controller, Get, HttpCode, Post, type LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import request from 'supertest';
import { ConfigError, DEV_API_KEYS, loadConfig } from '@lib/common';
import { createApp } from '@app/server';
import {
  type Actor,
  ApiProblemResponses,
  CurrentActor,
  IdempotencyKey,
  ItemIdParam,
  PaymentIdParam,
  ProblemException,
  Public,
  Roles,
} from '../apps/api/src/http';
import { CompletePaymentDto } from '../apps/api/src/payments/complete-payment/complete-payment.dto';
import { GuestLookupDto } from '../apps/api/src/payments/guest-lookup/guest-lookup.dto';
import { RequestPaymentDto } from '../apps/api/src/payments/request-payment/request-payment.dto';

/** What the test routes answer: any object (every answer is checked against the document). */
const ANY_OBJECT = { schema: { type: 'object', additionalProperties: true } } as const;

/** Test-only routes that stand on the plumbing the way the real payment routes will. */
@Controller('plumbing')
class PlumbingTestController {
  @Post('payments')
  @Roles('client')
  @HttpCode(201)
  @ApiCreatedResponse(ANY_OBJECT)
  request(
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: RequestPaymentDto,
    @CurrentActor() actor: Actor,
  ): object {
    return { idempotencyKey, actor, items: body.items.length, payerType: body.payer.type };
  }

  @Get('payments/:paymentId')
  @Roles('client', 'support')
  @ApiOkResponse(ANY_OBJECT)
  get(@PaymentIdParam() paymentId: string, @CurrentActor() actor: Actor): object {
    return { paymentId, actor };
  }

  @Get('payments/:paymentId/items/:itemId')
  @Roles('client')
  @ApiOkResponse(ANY_OBJECT)
  item(@PaymentIdParam() paymentId: string, @ItemIdParam() itemId: string): object {
    return { paymentId, itemId };
  }

  @Post('payments/:paymentId/complete')
  @Roles('gateway')
  @HttpCode(200)
  @ApiOkResponse(ANY_OBJECT)
  complete(@PaymentIdParam() paymentId: string, @Body() body: CompletePaymentDto): object {
    return { paymentId, approvedAmount: body.approvedAmount };
  }

  @Post('guests/lookup')
  @Roles('client')
  @HttpCode(200)
  lookup(@Body() body: GuestLookupDto): never {
    void body;
    throw new ProblemException(401, {
      code: 'GUEST_CREDENTIALS_INVALID',
      title: 'Guest credentials invalid',
      message: '전화번호 또는 비밀번호가 맞지 않습니다.',
    });
  }

  @Post('payments/:paymentId/cancel')
  @Roles('client')
  @ApiProblemResponses({ status: 409, codes: ['CANCEL_NOT_ALLOWED'] })
  cancel(@PaymentIdParam() paymentId: string): never {
    void paymentId;
    throw new ProblemException(409, {
      code: 'CANCEL_NOT_ALLOWED',
      title: 'Cancellation not allowed',
      message: '이미 열람된 건은 취소할 수 없습니다',
      reason: 'ALREADY_VIEWED',
    });
  }

  @Get('boom')
  @Roles('admin')
  @ApiProblemResponses(500)
  boom(): never {
    throw new Error('SQLITE_CORRUPT at /var/lib/ledger/events.sqlite for 010-1234-5678');
  }

  @Get('open')
  @Public()
  @ApiOkResponse(ANY_OBJECT)
  open(): object {
    return { open: true };
  }
}

/** A route that forgot to say who may call it. */
@Controller('forgotten')
class UnmarkedController {
  @Get()
  forgotten(): object {
    return {};
  }
}

/** Keeps what the app logs, to prove bugs are logged and nothing personal is. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(...parts: unknown[]): void {
    this.lines.push(parts.map(String).join(' '));
  }
  error(...parts: unknown[]): void {
    this.log(...parts);
  }
  warn(...parts: unknown[]): void {
    this.log(...parts);
  }
}

const CLIENT = `Bearer ${DEV_API_KEYS.client}`;
const GATEWAY = `Bearer ${DEV_API_KEYS.gateway}`;
const ADMIN = `Bearer ${DEV_API_KEYS.admin}`;

const member = { type: 'MEMBER', memberId: 'm-1001' };
const item = { court: '서울중앙지방법원', caseNumber: '2024가합12345' };
const payment = { payer: member, method: 'CARD', cardIssuer: 'SHINHAN', items: [item] };
const approval = {
  pgTransactionId: 'pg-1',
  approvedAmount: 1000,
  approvedAt: '2026-03-01T10:15:30+09:00',
  certificateVerified: false,
};

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  message: string;
  instance?: string;
  detail?: string;
  reason?: string;
  errors?: { field: string; message: string }[];
}

/** Every error answer is a problem document with a stable code and a Korean message. */
function expectProblem(response: request.Response, status: number, code: string): Problem {
  expect({ status: response.status, text: response.text }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.text) as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(problem.type).toMatch(/^urn:judgment-fee-ledger:problem:/);
  expect(problem.title).toMatch(/^[\x20-\x7E]+$/);
  expect(problem.message).toMatch(/[가-힣]/);
  for (const violation of problem.errors ?? []) {
    expect(violation.message).toMatch(/[가-힣]/);
  }
  return problem;
}

describe('HTTP plumbing (DESIGN.md §6): problems, API keys, validation', () => {
  let app: NestFastifyApplication;
  const logger = new CapturingLogger();
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: '.tmp/http-plumbing' }), {
      testRoutes: { controllers: [PlumbingTestController] },
      logger,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('authentication', () => {
    it('answers 401 UNAUTHENTICATED with a Bearer challenge when there is no key', async () => {
      const response = await http().get('/plumbing/payments/p-1');
      const problem = expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
      expect(problem.instance).toBe('/plumbing/payments/p-1');
    });

    it('answers 401 with error="invalid_token" for an unknown key', async () => {
      const response = await http()
        .get('/plumbing/payments/p-1')
        .set('Authorization', 'Bearer not-a-key');
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      expect(response.text).not.toContain('not-a-key');
    });

    it.each([
      ['another scheme', `Basic ${DEV_API_KEYS.client}`],
      ['the key without a scheme', DEV_API_KEYS.client],
      ['a key differing in one character', `Bearer ${DEV_API_KEYS.client.slice(0, -1)}X`],
      ['a prefix of a key', `Bearer ${DEV_API_KEYS.client.slice(0, 5)}`],
      ['an empty bearer', 'Bearer '],
    ])('answers 401 for %s', async (_, authorization) => {
      const response = await http()
        .get('/plumbing/payments/p-1')
        .set('Authorization', authorization);
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    it('answers 403 FORBIDDEN to a valid key of the wrong role', async () => {
      const response = await http().get('/plumbing/payments/p-1').set('Authorization', GATEWAY);
      expectProblem(response, 403, 'FORBIDDEN');
    });

    it('accepts every development key for its own role, and only for it', async () => {
      for (const role of ['client', 'support'] as const) {
        const response = await http()
          .get('/plumbing/payments/p-1')
          .set('Authorization', `Bearer ${DEV_API_KEYS[role]}`)
          .expect(200);
        expect(response.body.actor.role).toBe(role);
        // The actor names the key by a fingerprint, never by the key itself.
        expect(response.body.actor.keyId).toMatch(new RegExp(`^${role}-[0-9a-f]{8}$`));
        expect(JSON.stringify(response.body)).not.toContain(DEV_API_KEYS[role]);
      }
      for (const role of ['gateway', 'auditor', 'admin'] as const) {
        const response = await http()
          .get('/plumbing/payments/p-1')
          .set('Authorization', `Bearer ${DEV_API_KEYS[role]}`);
        expectProblem(response, 403, 'FORBIDDEN');
      }
      await http()
        .post('/plumbing/payments/p-1/complete')
        .set('Authorization', GATEWAY)
        .send(approval)
        .expect(200);
      expectProblem(
        await http().get('/plumbing/boom').set('Authorization', ADMIN),
        500,
        'INTERNAL_ERROR',
      );
    });

    it('accepts the scheme name in any case', async () => {
      await http()
        .get('/plumbing/payments/p-1')
        .set('Authorization', `bearer ${DEV_API_KEYS.client}`)
        .expect(200);
    });

    it('lets anyone call a @Public() route, and keeps /health public', async () => {
      await http().get('/plumbing/open').expect(200, { open: true });
      await http().get('/health').expect(200);
    });

    it('refuses to start with a route that has neither @Roles() nor @Public()', async () => {
      const unmarked = await createApp(loadConfig({ NODE_ENV: 'test' }), {
        testRoutes: { controllers: [UnmarkedController] },
        logger,
      });
      await expect(unmarked.init()).rejects.toThrow(/UnmarkedController\.forgotten/);
      await unmarked.close();
    });

    it('checks the key before the body, so an anonymous caller learns nothing about validation', async () => {
      const response = await http().post('/plumbing/payments').send({});
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });
  });

  describe('LEDGER_API_KEYS', () => {
    it('replaces the development keys when set', async () => {
      const configured = await createApp(
        loadConfig({
          NODE_ENV: 'test',
          LEDGER_API_KEYS: 'client:c-0123456789abcdef, support:s-0123456789abcdef',
        }),
        // Nest's logger is process-wide: the last app created sets it, so keep capturing.
        { testRoutes: { controllers: [PlumbingTestController] }, logger },
      );
      await configured.init();
      await configured.getHttpAdapter().getInstance().ready();
      try {
        const server = configured.getHttpServer();
        await request(server)
          .get('/plumbing/payments/p-1')
          .set('Authorization', 'Bearer c-0123456789abcdef')
          .expect(200);
        expectProblem(
          await request(server).get('/plumbing/payments/p-1').set('Authorization', CLIENT),
          401,
          'UNAUTHENTICATED',
        );
      } finally {
        await configured.close();
      }
    });

    it('is required in production: start-up fails without it', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/LEDGER_API_KEYS/);
    });

    it('refuses an unknown role, an empty key, and a development key in production', () => {
      expect(() => loadConfig({ LEDGER_API_KEYS: 'root:secret-key' })).toThrow(ConfigError);
      expect(() => loadConfig({ LEDGER_API_KEYS: 'client:' })).toThrow(ConfigError);
      expect(() => loadConfig({ LEDGER_API_KEYS: 'client:k1,' })).toThrow(ConfigError);
      expect(() =>
        loadConfig({ NODE_ENV: 'production', LEDGER_API_KEYS: `client:${DEV_API_KEYS.client}` }),
      ).toThrow(ConfigError);
    });
  });

  describe('request bodies', () => {
    const post = (body: string, contentType = 'application/json') =>
      http()
        .post('/plumbing/payments')
        .set('Authorization', CLIENT)
        .set('Idempotency-Key', 'key-1')
        .set('Content-Type', contentType)
        .send(body);

    it('accepts a valid payment request', async () => {
      const response = await post(JSON.stringify(payment)).expect(201);
      expect(response.body).toMatchObject({
        idempotencyKey: 'key-1',
        items: 1,
        payerType: 'MEMBER',
      });
    });

    it('answers 400 MALFORMED_JSON to broken JSON', async () => {
      expectProblem(await post('{"payer": {'), 400, 'MALFORMED_JSON');
      expectProblem(await post("{'single': 'quotes'}"), 400, 'MALFORMED_JSON');
    });

    it.each([
      ['__proto__ at the top', '{"__proto__": {"polluted": true}}'],
      [
        '__proto__ nested',
        JSON.stringify({ ...payment, payer: { ...member } }).replace(
          '"type"',
          '"__proto__":{"x":1},"type"',
        ),
      ],
      ['constructor.prototype', '{"constructor": {"prototype": {"polluted": true}}}'],
      ['a plain constructor key', '{"constructor": 1}'],
      ['prototype in an item', '{"items": [{"prototype": {}}]}'],
    ])('answers 400 FORBIDDEN_PROPERTY_NAME to %s', async (_, body) => {
      expectProblem(await post(body), 400, 'FORBIDDEN_PROPERTY_NAME');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('answers 400 JSON_TOO_DEEP to deep nesting, without overflowing the stack', async () => {
      expectProblem(
        await post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
        400,
        'JSON_TOO_DEEP',
      );
    });

    it('answers 400 VALIDATION_FAILED to 1,001 items, naming the field', async () => {
      const items = Array.from({ length: 1001 }, (_, index) => ({
        ...item,
        caseNumber: `2024가합${index + 1}`,
      }));
      const problem = expectProblem(
        await post(JSON.stringify({ ...payment, items })),
        400,
        'VALIDATION_FAILED',
      );
      expect(problem.errors).toEqual([
        { field: 'items', message: '한 번에 결제할 수 있는 사건은 최대 1,000건입니다.' },
      ]);
    });

    it('accepts exactly 1,000 items', async () => {
      const items = Array.from({ length: 1000 }, (_, index) => ({
        ...item,
        caseNumber: `2024가합${index + 1}`,
      }));
      const response = await post(JSON.stringify({ ...payment, items })).expect(201);
      expect(response.body.items).toBe(1000);
    });

    it.each([
      ['null', 'null'],
      ['an array', JSON.stringify([payment])],
      ['a string', '"payment"'],
      ['a number', '42'],
      ['payer null', JSON.stringify({ ...payment, payer: null })],
      ['payer as an array', JSON.stringify({ ...payment, payer: [member] })],
      ['payer as [null]', JSON.stringify({ ...payment, payer: [null] })],
      ['items as an object', JSON.stringify({ ...payment, items: { 0: item } })],
      ['items [null]', JSON.stringify({ ...payment, items: [null] })],
      [
        'a case number as a number',
        JSON.stringify({ ...payment, items: [{ ...item, caseNumber: 2024 }] }),
      ],
      ['cardIssuer as an object', JSON.stringify({ ...payment, cardIssuer: { toString: 1 } })],
      [
        'court as an object',
        JSON.stringify({ ...payment, items: [{ ...item, court: { toString: 1, valueOf: 1 } }] }),
      ],
      ['an unknown property', JSON.stringify({ ...payment, amount: 1 })],
    ])('answers 400 VALIDATION_FAILED, never 5xx, to a body of %s', async (_, body) => {
      expectProblem(await post(body), 400, 'VALIDATION_FAILED');
    });

    // The whitelist took these names for declared properties and dropped them silently (issue 13,
    // HTTP fuzzing: `{"code":"TIMEOUT","message":"…","hasOwnProperty":"Infinity"}` got a 200).
    it.each([
      ['hasOwnProperty at the top', { ...payment, hasOwnProperty: 'x' }, 'hasOwnProperty'],
      [
        'toString in the payer',
        { ...payment, payer: { ...member, toString: 1 } },
        'payer.toString',
      ],
      [
        'isPrototypeOf in an item',
        { ...payment, items: [{ ...item, isPrototypeOf: 1 }] },
        'items[0].isPrototypeOf',
      ],
    ])('answers 400 VALIDATION_FAILED to %s, an undeclared property', async (_, body, field) => {
      const problem = expectProblem(await post(JSON.stringify(body)), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 400 VALIDATION_FAILED to a query parameter named like an Object.prototype member', async () => {
      const response = await http()
        .get('/v1/audit/events?valueOf=1')
        .set('Authorization', `Bearer ${DEV_API_KEYS.auditor}`);
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field)).toEqual(['valueOf']);
    });

    it('answers 400 to numbers sent as strings and booleans as strings', async () => {
      const response = await http()
        .post('/plumbing/payments/p-1/complete')
        .set('Authorization', GATEWAY)
        .send({ ...approval, approvedAmount: '1000', certificateVerified: 'false' });
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field).sort()).toEqual([
        'approvedAmount',
        'certificateVerified',
      ]);
    });

    it('answers 400 VALIDATION_FAILED to an empty body where one is required', async () => {
      expectProblem(await post(''), 400, 'VALIDATION_FAILED');
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a body over 1 MiB', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/plumbing/payments',
        headers: {
          authorization: CLIENT,
          'idempotency-key': 'k',
          'content-type': 'application/json',
        },
        payload: JSON.stringify({ ...payment, padding: 'x'.repeat(2 * 1024 * 1024) }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a small body of too many values', async () => {
      const items = `[${Array.from({ length: 200_000 }, () => '{}').join(',')}]`;
      expectProblem(await post(`{"items": ${items}}`), 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'answers 415 UNSUPPORTED_MEDIA_TYPE to %s',
      async (contentType) => {
        expectProblem(await post('payer=m-1001', contentType), 415, 'UNSUPPORTED_MEDIA_TYPE');
      },
    );

    it('accepts application/json with a charset', async () => {
      await post(JSON.stringify(payment), 'application/json; charset=utf-8').expect(201);
    });
  });

  describe('Idempotency-Key', () => {
    const post = (key?: string) => {
      const call = http().post('/plumbing/payments').set('Authorization', CLIENT);
      return (key === undefined ? call : call.set('Idempotency-Key', key)).send(payment);
    };

    it('answers 400 IDEMPOTENCY_KEY_REQUIRED without the header', async () => {
      expectProblem(await post(), 400, 'IDEMPOTENCY_KEY_REQUIRED');
    });

    it.each([
      ['empty', ''],
      ['with a space', 'key 1'],
      ['of 256 characters', 'k'.repeat(256)],
      // Header values travel as bytes: this is "키-1" in UTF-8, as a client would send it.
      ['non-ASCII', Buffer.from('키-1').toString('latin1')],
    ])('answers 400 IDEMPOTENCY_KEY_INVALID to a key %s', async (_, key) => {
      expectProblem(await post(key), 400, 'IDEMPOTENCY_KEY_INVALID');
    });

    it('accepts 255 visible ASCII characters', async () => {
      const key = `${'a'.repeat(250)}-_.~!`;
      const response = await post(key).expect(201);
      expect(response.body.idempotencyKey).toBe(key);
    });
  });

  describe('paths', () => {
    it('answers 400 VALIDATION_FAILED to a 10,000-character payment id', async () => {
      const response = await http()
        .get(`/plumbing/payments/${'p'.repeat(10_000)}`)
        .set('Authorization', CLIENT);
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.[0]?.field).toBe('paymentId');
    });

    it.each(['p.1', 'p%201', 'p%00', '%E2%82%AC'])(
      'answers 400 to the payment id %s',
      async (id) => {
        const response = await http().get(`/plumbing/payments/${id}`).set('Authorization', CLIENT);
        expectProblem(response, 400, 'VALIDATION_FAILED');
      },
    );

    it('checks item ids the same way', async () => {
      const response = await http()
        .get(`/plumbing/payments/p-1/items/${'i'.repeat(65)}`)
        .set('Authorization', CLIENT);
      expect(expectProblem(response, 400, 'VALIDATION_FAILED').errors?.[0]?.field).toBe('itemId');
      await http()
        .get(`/plumbing/payments/p-1/items/${'i'.repeat(64)}`)
        .set('Authorization', CLIENT)
        .expect(200);
    });

    it('answers 400 BAD_URL to an undecodable path', async () => {
      expectProblem(
        await http().get('/plumbing/payments/%E0%A4%A').set('Authorization', CLIENT),
        400,
        'BAD_URL',
      );
    });

    it('answers 404 NOT_FOUND to an unknown route, with or without a key', async () => {
      const anonymous = expectProblem(
        await http().get('/v1/nothing-here?phone=01012345678'),
        404,
        'NOT_FOUND',
      );
      expect(anonymous.instance).toBe('/v1/nothing-here');
      expectProblem(
        await http().post('/v1/nothing-here').set('Authorization', CLIENT),
        404,
        'NOT_FOUND',
      );
    });

    it('answers an unrouted method with a problem too', async () => {
      const response = await http().delete('/health');
      expectProblem(response, 404, 'NOT_FOUND');
    });

    it('answers 431 HEADERS_TOO_LARGE as a problem document when the request line is too long', async () => {
      const response = await http()
        .get(`/plumbing/payments/${'p'.repeat(20_000)}`)
        .set('Authorization', CLIENT);
      expect(response.status).toBe(431);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.text)).toMatchObject({ code: 'HEADERS_TOO_LARGE' });
    });
  });

  describe('refusals and failures', () => {
    it('passes a handler refusal through with its code and reason', async () => {
      const response = await http()
        .post('/plumbing/payments/p-1/cancel')
        .set('Authorization', CLIENT);
      const problem = expectProblem(response, 409, 'CANCEL_NOT_ALLOWED');
      expect(problem).toMatchObject({
        reason: 'ALREADY_VIEWED',
        message: '이미 열람된 건은 취소할 수 없습니다',
        instance: '/plumbing/payments/p-1/cancel',
      });
    });

    it('never repeats a phone number or a password, in the answer or in the log', async () => {
      const phone = '010-5555-44443';
      const password = 'pw!';
      const response = await http()
        .post('/plumbing/guests/lookup')
        .set('Authorization', CLIENT)
        .send({ phone, password });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const ok = await http()
        .post('/plumbing/guests/lookup')
        .set('Authorization', CLIENT)
        .send({ phone: '010-5555-4444', password: 'correct horse' });
      expectProblem(ok, 401, 'GUEST_CREDENTIALS_INVALID');
      for (const text of [response.text, ok.text, logger.lines.join('\n')]) {
        expect(text).not.toContain('5555');
        expect(text).not.toContain(password);
        expect(text).not.toContain('correct horse');
      }
    });

    it('answers an unexpected error with a bare 500 INTERNAL_ERROR and logs it', async () => {
      logger.lines.length = 0;
      const response = await http().get('/plumbing/boom').set('Authorization', ADMIN);
      const problem = expectProblem(response, 500, 'INTERNAL_ERROR');
      expect(problem.detail).toBeUndefined();
      for (const leak of ['SQLITE', '/var/lib', 'Error', 'stack', '.ts:', '010-1234']) {
        expect(response.text).not.toContain(leak);
      }
      expect(logger.lines.join('\n')).toContain('GET /plumbing/boom failed: Error: SQLITE_CORRUPT');
    });
  });

  describe('OpenAPI', () => {
    it('documents the Problem schema, bearer auth, problem answers and the Idempotency-Key', async () => {
      const doc = (await http().get('/docs/openapi.json').expect(200)).body;
      expect(doc.components.schemas.Problem.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'code', 'message']),
      );
      const operation = doc.paths['/plumbing/payments'].post;
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect(operation.responses['401'].content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/Problem',
      });
      expect(operation.responses['403'].description).toContain('client');
      expect(operation.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
        ]),
      );
      expect(doc.paths['/plumbing/open'].get.security).toBeUndefined();
      expect(doc.paths['/health'].get.security).toBeUndefined();
    });
  });
});
