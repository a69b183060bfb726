/**
 * The oracle: what every answer must be, whatever was asked (DESIGN.md §6, issue 13).
 * - Only statuses the contract names; never a 500, and a 5xx only where the route documents it.
 * - Every 4xx and 5xx is an `application/problem+json` document with a stable `code`, its
 *   `status`, and a Korean `message`.
 * - A request the contract says must be refused (a missing, unknown or other role's key, a
 *   wrong method, a body or parameter its schema forbids) never gets a 2xx.
 * - A 2xx carries the type it says it does; no answer repeats a guest's password.
 * - Every request gets an answer (a CONNECT, which Node drops unanswered, excepted).
 */
import type { Draft } from './draft';
import type { RawResponse } from './raw-http';

/** DESIGN.md §6 and the service's problem catalogue: 204 is used by no route, 405 by none either. */
export const CONTRACT_STATUSES: ReadonlySet<number> = new Set([
  200, 201, 202, 400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503,
]);

/**
 * Node refuses a request head (request line and headers) over 16 KiB with 431 before the
 * service sees it; the service's catalogue names that answer (HEADERS_TOO_LARGE).
 */
const MAX_HEAD_BYTES = 16 * 1024;

const TOO_MANY_REQUESTS_CODES: ReadonlySet<string> = new Set([
  'RATE_LIMITED',
  'GUEST_LOOKUP_LOCKED',
  'TOO_MANY_REQUESTS',
]);

const PROBLEM_CODE = /^[A-Z][A-Z0-9_]*$/;
const HANGUL = /[가-힣]/;

/** The verdict on an answer, and what else was learned from it. */
export interface Judged {
  readonly failures: string[];
  /** The parsed JSON body, for the world. */
  readonly json: unknown;
  /** The problem code of a 4xx/5xx, for the summary. */
  readonly code: string | undefined;
}

export function judge(draft: Draft, headBytes: number, response: RawResponse): Judged {
  const failures: string[] = [];
  const { status } = response;
  const headless = draft.method === 'HEAD';
  const contentType = response.headers.get('content-type') ?? '';
  const json = headless ? undefined : parseJson(contentType, response.body);

  const allowed = CONTRACT_STATUSES.has(status) || (status === 431 && headBytes > MAX_HEAD_BYTES);
  if (!allowed) failures.push(`status ${status} is not one the contract names`);
  if (status >= 500 && !(draft.route.statuses.has(status) && !draft.facts.wrongMethod)) {
    failures.push(`${status} where the route documents none`);
  }

  let code: string | undefined;
  if (status >= 400) {
    if (!contentType.startsWith('application/problem+json')) {
      failures.push(
        `${status} answered as ${JSON.stringify(contentType)}, not application/problem+json`,
      );
    } else if (!headless) {
      code = problemCode(json, status, failures);
    }
    if (status === 429 && code !== undefined && !TOO_MANY_REQUESTS_CODES.has(code)) {
      failures.push(`429 with code ${code}`);
    }
  }

  if (status >= 200 && status < 300) {
    for (const reason of draft.facts.mustRefuse) failures.push(`${status} although ${reason}`);
    if (!headless) checkSuccessBody(contentType, response.body, json, failures);
  }

  if (!headless && draft.facts.secrets.length > 0) {
    const text = response.body.toString('utf8');
    if (draft.facts.secrets.some((secret) => text.includes(secret))) {
      failures.push("the answer repeats the guest's password");
    }
  }
  return { failures, json, code };
}

function parseJson(contentType: string, body: Buffer): unknown {
  if (!/json/.test(contentType) || /ndjson/.test(contentType)) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Checks a problem document; returns its code when it has one. */
function problemCode(json: unknown, status: number, failures: string[]): string | undefined {
  if (typeof json !== 'object' || json === null) {
    failures.push(`${status} problem document is not a JSON object`);
    return undefined;
  }
  const problem = json as Record<string, unknown>;
  const code = typeof problem.code === 'string' ? problem.code : undefined;
  if (code === undefined || !PROBLEM_CODE.test(code)) {
    failures.push(`${status} problem without a stable code (${JSON.stringify(problem.code)})`);
  }
  if (typeof problem.message !== 'string' || !HANGUL.test(problem.message)) {
    failures.push(
      `${status} problem without a Korean message (${JSON.stringify(problem.message)})`,
    );
  }
  if (problem.status !== status) {
    failures.push(`${status} problem document says status ${JSON.stringify(problem.status)}`);
  }
  return code;
}

function checkSuccessBody(
  contentType: string,
  body: Buffer,
  json: unknown,
  failures: string[],
): void {
  if (contentType === '') {
    if (body.length > 0) failures.push('a 2xx body without a Content-Type');
    return;
  }
  if (/ndjson/.test(contentType)) {
    const lines = body
      .toString('utf8')
      .split('\n')
      .filter((line) => line.length > 0);
    for (const line of lines) {
      try {
        JSON.parse(line);
      } catch {
        failures.push(`an NDJSON line that is not JSON: ${line.slice(0, 80)}`);
        return;
      }
    }
  } else if (/json/.test(contentType) && json === undefined) {
    failures.push(`a 2xx ${contentType} body that is not JSON`);
  }
}
