import { OpenApiContract, type ReceivedResponse } from './openapi-contract';
import type { JsonObject } from './json-schema';

const FAILURE = {
  type: 'object',
  properties: { reason: { type: 'string', enum: ['DECLINED'] }, code: { type: 'string' } },
  required: ['reason', 'code'],
};
const PROBLEM = {
  type: 'object',
  properties: { status: { type: 'integer' }, code: { type: 'string' } },
  required: ['status', 'code'],
};

/** A document of one route, `GET /v1/payments/{paymentId}`, whose 200 is `payment`. */
function documentWith(payment: JsonObject, more: JsonObject = {}): JsonObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/payments/{paymentId}': {
        get: {
          responses: {
            '200': {
              description: 'the payment',
              headers: { 'X-Read-Model-Stale': { schema: { type: 'string', enum: ['true'] } } },
              content: { 'application/json': { schema: payment } },
            },
            '404': {
              description: 'not found',
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            },
          },
        },
      },
      '/v1/payments/{paymentId}/confirmation': {
        get: {
          responses: { '200': { description: 'html', content: { 'text/html': {} } } },
        },
      },
    },
    components: { schemas: { Failure: FAILURE, Problem: PROBLEM, ...more } },
  };
}

function answer(overrides: Partial<ReceivedResponse> & { body?: unknown }): ReceivedResponse {
  const { body, ...rest } = overrides;
  return {
    method: 'GET',
    path: '/v1/payments/p-1',
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    text: JSON.stringify(body ?? { failure: null }),
    ...rest,
  };
}

const withFailure = (failure: JsonObject) =>
  new OpenApiContract(
    documentWith({ type: 'object', properties: { failure }, required: ['failure'] }),
  );

describe('OpenApiContract: answers read against an OpenAPI 3.0 document', () => {
  describe('nullable, as OpenAPI 3.0.3 defines it', () => {
    it('refuses null for `nullable: true` beside `allOf: [{ $ref }]` (the lie of issue 14)', () => {
      const contract = withFailure({
        type: 'object',
        nullable: true,
        allOf: [{ $ref: '#/components/schemas/Failure' }],
      });
      expect(contract.violations(answer({ body: { failure: null } }))).toEqual([
        expect.stringMatching(
          /^GET \/v1\/payments\/\{paymentId\} → 200 .*\/failure must be object/,
        ),
      ]);
    });

    it('accepts null and the model for `oneOf` the model or a null-only schema', () => {
      const contract = withFailure({
        oneOf: [
          { $ref: '#/components/schemas/Failure' },
          { type: 'object', nullable: true, enum: [null] },
        ],
      });
      expect(contract.violations(answer({ body: { failure: null } }))).toEqual([]);
      const declined = { failure: { reason: 'DECLINED', code: 'D01' } };
      expect(contract.violations(answer({ body: declined }))).toEqual([]);
      const unknown = { failure: { reason: 'LOST', code: 'D01' } };
      expect(contract.violations(answer({ body: unknown }))).toEqual([
        expect.stringContaining('/failure/reason must be equal to one of the allowed values'),
      ]);
    });

    it('refuses null for a nullable enum that does not list null', () => {
      const contract = withFailure({ type: 'string', nullable: true, enum: ['SETTLED'] });
      expect(contract.violations(answer({ body: { failure: null } }))).toEqual([
        expect.stringContaining('/failure must be equal to one of the allowed values'),
      ]);
      const listed = withFailure({ type: 'string', nullable: true, enum: ['SETTLED', null] });
      expect(listed.violations(answer({ body: { failure: null } }))).toEqual([]);
    });

    it('ignores nullable beside a bare $ref', () => {
      const contract = withFailure({ $ref: '#/components/schemas/Failure', nullable: true });
      expect(contract.violations(answer({ body: { failure: null } }))).not.toEqual([]);
    });
  });

  it('refuses a property the document does not name, and a malformed date-time', () => {
    const contract = withFailure({ type: 'string', format: 'date-time' });
    expect(contract.violations(answer({ body: { failure: '2026-12-01T10:00:00+09:00' } }))).toEqual(
      [],
    );
    expect(contract.violations(answer({ body: { failure: '2026-12-01 10:00' } }))).toEqual([
      expect.stringContaining('/failure must match format "date-time"'),
    ]);
    expect(
      contract.violations(answer({ body: { failure: '2026-12-01T10:00:00Z', extra: 1 } })),
    ).toEqual([expect.stringContaining('must NOT have unevaluated properties (extra)')]);
  });

  it('refuses a status the operation does not list, naming the route and what it lists', () => {
    const contract = withFailure({ type: 'string' });
    expect(contract.violations(answer({ status: 409 }))).toEqual([
      'GET /v1/payments/{paymentId} answered 409, a status the document does not list for it ' +
        '(it lists 200, 404)',
    ]);
  });

  it('refuses a content type the status does not list; checks other types by name only', () => {
    const contract = withFailure({ type: 'string' });
    const problem = { 'content-type': 'application/problem+json' };
    expect(contract.violations(answer({ headers: problem }))).toEqual([
      expect.stringContaining(
        'as application/problem+json, but the document lists only ' + 'application/json for 200',
      ),
    ]);
    const html = { method: 'GET', path: '/v1/payments/p-1/confirmation', text: '<html></html>' };
    expect(
      contract.violations(answer({ ...html, headers: { 'content-type': 'text/html' } })),
    ).toEqual([]);
    expect(
      contract.violations(answer({ ...html, headers: { 'content-type': 'text/plain' } })),
    ).toHaveLength(1);
  });

  it('validates a problem answer against the Problem schema', () => {
    const contract = withFailure({ type: 'string' });
    const problem = { 'content-type': 'application/problem+json' };
    const found = { status: 404, code: 'PAYMENT_NOT_FOUND' };
    expect(contract.violations(answer({ status: 404, headers: problem, body: found }))).toEqual([]);
    expect(
      contract.violations(answer({ status: 404, headers: problem, body: { status: '404' } })),
    ).toEqual([expect.stringContaining("must have required property 'code'")]);
  });

  it("refuses a contract header the status does not list, and checks a listed one's value", () => {
    const contract = withFailure({ type: 'string', nullable: true });
    const headers = { 'content-type': 'application/json' };
    expect(contract.violations(answer({ headers: { ...headers, 'retry-after': '1' } }))).toEqual([
      expect.stringContaining('with Retry-After: 1, a header the document does not list'),
    ]);
    expect(
      contract.violations(answer({ headers: { ...headers, 'x-read-model-stale': 'true' } })),
    ).toEqual([]);
    expect(
      contract.violations(answer({ headers: { ...headers, 'x-read-model-stale': 'yes' } })),
    ).toHaveLength(1);
  });

  it('accepts only a 404 or 405 problem from a route the document does not have', () => {
    const contract = withFailure({ type: 'string' });
    const notFound = {
      method: 'POST',
      path: '/v1/nowhere',
      status: 404,
      headers: { 'content-type': 'application/problem+json' },
      text: JSON.stringify({ status: 404, code: 'NOT_FOUND' }),
    };
    expect(contract.violations(notFound)).toEqual([]);
    expect(contract.violations({ ...notFound, status: 200 })).toEqual([
      expect.stringContaining('POST /v1/nowhere answered 200, but the document has no operation'),
    ]);
  });

  it('compiles every schema of a document, strictly', () => {
    expect(withFailure({ type: 'string' }).compileEverySchema()).toEqual([]);
    expect(withFailure({ type: 'string', const: 'x' }).compileEverySchema()).toEqual([
      expect.stringContaining('Schema keyword(s) not handled: const'),
    ]);
  });
});
