/**
 * Issue 14: the OpenAPI document tells the truth. Every answer of every end-to-end suite is checked
 * against it (test/support/openapi/conformance.ts); this suite checks the document itself, and
 * that the check really fails a test whose answer drifts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  OPENAPI_DOCUMENT_PATH,
  OpenApiDriftError,
  checkResponsesAgainstOpenApi,
} from './support/openapi/conformance';
import { isObject, type JsonObject } from './support/openapi/json-schema';
import { OpenApiContract } from './support/openapi/openapi-contract';
import { openApi30Problems } from './support/openapi/openapi-document.checks';
import { cardPaymentBody, newMemberId, startTestApp, type TestApp } from './support/test-app';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

interface Operation {
  readonly where: string;
  readonly method: string;
  readonly operation: JsonObject;
  readonly responses: JsonObject;
}

function operationsOf(document: JsonObject): Operation[] {
  return Object.entries(document.paths as JsonObject).flatMap(([path, item]) =>
    METHODS.filter((method) => isObject((item as JsonObject)[method])).map((method) => {
      const operation = (item as JsonObject)[method] as JsonObject;
      return {
        where: `${method.toUpperCase()} ${path}`,
        method,
        operation,
        responses: operation.responses as JsonObject,
      };
    }),
  );
}

const headersOf = (response: unknown): string[] =>
  Object.keys(((response as JsonObject).headers as JsonObject | undefined) ?? {});

describe('the OpenAPI document (/docs/openapi.json)', () => {
  let t: TestApp;
  let document: JsonObject;

  beforeAll(async () => {
    // With the test clock, so that its routes are described too.
    t = await startTestApp({ env: { LEDGER_TEST_CLOCK: 'true' } });
    document = (await t.http().get(OPENAPI_DOCUMENT_PATH).expect(200)).body as JsonObject;
  });

  afterAll(async () => {
    await t.close();
  });

  it('is a valid OpenAPI 3.0 document: shapes, $refs, unique operation ids, 3.0 schemas', () => {
    expect(openApi30Problems(document)).toEqual([]);
    expect(Object.keys(document.paths as JsonObject)).toEqual(
      expect.arrayContaining([
        '/v1/payments',
        '/v1/test-clock',
        '/v1/sandbox-pg/transactions/{pgTransactionId}',
      ]),
    );
  });

  it('compiles, schema by schema, as strict JSON Schema', () => {
    expect(new OpenApiContract(document, { validateSchemas: true }).compileEverySchema()).toEqual(
      [],
    );
  });

  it("says what a payment's nullable fields hold: `failure` is the failure or null", () => {
    const payment = (document.components as JsonObject).schemas as JsonObject;
    const properties = (payment.PaymentView as JsonObject).properties as JsonObject;
    expect(properties.failure).toMatchObject({
      oneOf: [
        { $ref: '#/components/schemas/PaymentFailureView' },
        { type: 'object', nullable: true, enum: [null] },
      ],
    });
    expect(properties.cancelBlockedReason).toMatchObject({
      nullable: true,
      enum: expect.arrayContaining(['ALREADY_VIEWED', null]),
    });
    expect(properties.requestedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(properties.amount).toMatchObject({ type: 'integer' });
  });

  it('answers every problem as application/problem+json with the Problem schema', () => {
    for (const { where, responses } of operationsOf(document)) {
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        expect({ where, status, content: (response as JsonObject).content }).toEqual({
          where,
          status,
          content: { 'application/problem+json': { schema: PROBLEM_REF } },
        });
      }
    }
  });

  it('lists the problems any route can answer: keys, bodies, Idempotency-Key, shutdown, storage', () => {
    for (const { where, method, operation, responses } of operationsOf(document)) {
      const statuses = Object.keys(responses);
      const expected = ['503'];
      if (Array.isArray(operation.security) && operation.security.length > 0) {
        expected.push('401', '403');
        expect({ where, headers: headersOf(responses['401']) }).toEqual({
          where,
          headers: expect.arrayContaining(['WWW-Authenticate']),
        });
      }
      if (['post', 'put', 'patch'].includes(method)) expected.push('400', '413', '415');
      const idempotent = (operation.parameters as JsonObject[] | undefined)?.some(
        (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
      if (idempotent === true) {
        expected.push('422');
        for (const status of statuses.filter((s) => /^2\d\d$/.test(s) && s !== '202')) {
          expect({ where, status, headers: headersOf(responses[status]) }).toEqual({
            where,
            status,
            headers: expect.arrayContaining(['Idempotent-Replayed']),
          });
        }
      }
      expect({ where, statuses }).toEqual({ where, statuses: expect.arrayContaining(expected) });
      for (const status of statuses.filter((s) => ['202', '429', '503'].includes(s))) {
        expect({ where, status, headers: headersOf(responses[status]) }).toEqual({
          where,
          status,
          headers: expect.arrayContaining(['Retry-After']),
        });
      }
    }
  });

  it('checks the answers of this suite too: a requested payment, with its null failure', async () => {
    const response = await t.post('client', '/v1/payments', cardPaymentBody(1, newMemberId()));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ failure: null, cancelBlockedReason: 'NOT_COMPLETED' });
  });
});

describe('the check of every answer against the document', () => {
  const document = {
    openapi: '3.0.0',
    info: { title: 'drift', version: '1' },
    paths: {
      '/thing': {
        get: {
          responses: {
            '200': {
              description: 'a thing',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { failure: { type: 'string', nullable: true } },
                    required: ['failure'],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  let answer: { status: number; body: unknown } = { status: 200, body: { failure: null } };
  const server = http.createServer((req, res) => {
    const [status, body] =
      req.url === OPENAPI_DOCUMENT_PATH ? [200, document] : [answer.status, answer.body];
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  let url: string;

  beforeAll(async () => {
    checkResponsesAgainstOpenApi();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('lets a conforming answer through', async () => {
    answer = { status: 200, body: { failure: null } };
    expect((await request(url).get('/thing')).body).toEqual({ failure: null });
  });

  it('fails the request that received a drifting answer, naming the route and the schema error', async () => {
    answer = { status: 200, body: { failure: 42 } };
    await expect(request(url).get('/thing')).rejects.toThrow(OpenApiDriftError);
    await expect(request(url).get('/thing')).rejects.toThrow(
      /GET \/thing → 200 answered a body \(application\/json\) the document's schema refuses: \/failure must be string,null/,
    );
  });

  it('fails a status the document does not list, also through .end(callback)', async () => {
    answer = { status: 500, body: {} };
    const error = await new Promise<unknown>((resolve) => {
      void request(url)
        .get('/thing')
        .end((failure) => resolve(failure));
    });
    expect(error).toBeInstanceOf(OpenApiDriftError);
    expect((error as Error).message).toContain(
      'GET /thing answered 500, a status the document does not list for it (it lists 200)',
    );
  });

  it("reports the test's own failed expectation first", async () => {
    answer = { status: 500, body: {} };
    await expect(request(url).get('/thing').expect(200)).rejects.toThrow(
      'expected 200 "OK", got 500 "Internal Server Error"',
    );
  });
});
