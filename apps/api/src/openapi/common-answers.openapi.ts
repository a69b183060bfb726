import {
  getSchemaPath,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
} from '@nestjs/swagger';
import { problemForStatus } from '../http/problem/problem-catalog';
import { PROBLEM_MEDIA_TYPE } from '../http/problem/problem';
import { ProblemSchema } from '../http/problem/problem.openapi';
import { REPLAYED_HEADER } from '../idempotency/idempotent.interceptor';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Fastify reads a body on these methods only: they alone can answer 413 and 415. */
const BODY_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

const RETRY_AFTER: HeaderObject = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer', minimum: 0 },
};

/**
 * Adds to every operation of the generated document what the HTTP layer answers for any route,
 * which no route's decorators state (issue 14: the document tells the truth): 400 BAD_URL and 431
 * HEADERS_TOO_LARGE, answered before routing; the body parser's 400, 413 and 415; the 400 and 422 of an Idempotency-Key, and `Idempotent-Replayed` on the
 * success it replays; `WWW-Authenticate` on a 401; `Retry-After` on a 202, a 429 and a 503; and
 * the 503 of a process stopping (SHUTTING_DOWN) or of a store that cannot write
 * (STORAGE_UNAVAILABLE). Codes already documented for a status are kept; the new ones are added to
 * its description.
 */
export function documentCommonAnswers(document: OpenAPIObject): void {
  for (const [path, pathItem] of Object.entries(document.paths)) {
    const probe = path === '/metrics' || path.startsWith('/health');
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      if (BODY_METHODS.has(method)) {
        addProblem(operation, 400, ['MALFORMED_JSON', 'FORBIDDEN_PROPERTY_NAME', 'JSON_TOO_DEEP']);
        addProblem(operation, 413, ['PAYLOAD_TOO_LARGE']);
        addProblem(operation, 415, ['UNSUPPORTED_MEDIA_TYPE']);
      }
      if (takesIdempotencyKey(operation)) {
        addProblem(operation, 400, ['IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_INVALID']);
        addProblem(operation, 422, ['IDEMPOTENCY_KEY_REUSED']);
        for (const [status, response] of Object.entries(operation.responses)) {
          // A 202 is decided again, never replayed (ADR 0011).
          if (/^2\d\d$/.test(status) && status !== '202') {
            addHeader(response as ResponseObject, REPLAYED_HEADER, {
              description: '`true` when this is the first answer to this key, replayed',
              schema: { type: 'string', enum: ['true'] },
            });
          }
        }
      }
      // Answered before any route runs: an undecodable URL, a request line or headers too long.
      addProblem(operation, 400, ['BAD_URL']);
      addProblem(operation, 431, ['HEADERS_TOO_LARGE']);
      addProblem(
        operation,
        503,
        probe ? ['SHUTTING_DOWN'] : ['SHUTTING_DOWN', 'STORAGE_UNAVAILABLE'],
      );
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status === '401') {
          addHeader(response as ResponseObject, 'WWW-Authenticate', {
            description: 'The Bearer challenge',
            schema: { type: 'string' },
          });
        }
        if (status === '202' || status === '429' || status === '503') {
          addHeader(response as ResponseObject, 'Retry-After', {
            ...RETRY_AFTER,
            required: status === '202',
          });
        }
      }
    }
  }
}

function takesIdempotencyKey(operation: OperationObject): boolean {
  return (operation.parameters ?? []).some(
    (parameter) =>
      (parameter as ParameterObject).in === 'header' &&
      (parameter as ParameterObject).name.toLowerCase() === 'idempotency-key',
  );
}

/** Documents `codes` under `status` as a problem, merging with what the route documents. */
function addProblem(operation: OperationObject, status: number, codes: readonly string[]): void {
  const existing = operation.responses[String(status)] as ResponseObject | undefined;
  const description = existing?.description ?? problemForStatus(status).fields.title;
  operation.responses[String(status)] = {
    ...existing,
    description: withCodes(description, codes),
    content: {
      ...existing?.content,
      [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemSchema) } },
    },
  };
}

/** `Bad request (code: A)` + [B] → `Bad request (code: A, B)`; a code already named stays once. */
function withCodes(description: string, codes: readonly string[]): string {
  const missing = codes.filter((code) => !new RegExp(`\\b${code}\\b`).test(description));
  if (missing.length === 0) return description;
  const listed = /\(code: ([^)]*)\)$/.exec(description);
  return listed === null
    ? `${description} (code: ${missing.join(', ')})`
    : `${description.slice(0, listed.index)}(code: ${listed[1]}, ${missing.join(', ')})`;
}

function addHeader(response: ResponseObject, name: string, header: HeaderObject): void {
  const headers = response.headers ?? {};
  const documented = Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
  if (!documented) response.headers = { ...headers, [name]: header };
}
