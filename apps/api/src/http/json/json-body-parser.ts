import type { FastifyInstance, FastifyRequest } from 'fastify';
import { REQUEST_LIMITS } from '../limits';
import { httpProblem } from '../problem/problem-catalog';
import type { ProblemException } from '../problem/problem.exception';

/** Keys that could reach an object's prototype if any code ever merged a body into an object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Makes `application/json` the only body the API accepts (anything else is a 415) and parses it
 * strictly: malformed JSON, prototype-pollution keys at any depth and deep nesting are each a 400
 * with their own code, and a body of too many values is a 413 like a body of too many bytes. Fastify's parser (set to `onProtoPoisoning: 'error'`) would refuse
 * `__proto__` but not a plain `constructor`, and Nest's pipe would silently delete both; the
 * contract wants them refused.
 */
export function useStrictJsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: REQUEST_LIMITS.bodyBytes },
    (
      _request: FastifyRequest,
      body: string | Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      const parsed = parseStrictJson(typeof body === 'string' ? body : body.toString('utf8'));
      if (parsed.ok) {
        done(null, parsed.value);
      } else {
        done(parsed.problem);
      }
    },
  );
}

type ParseResult = { ok: true; value: unknown } | { ok: false; problem: ProblemException };

export function parseStrictJson(text: string): ParseResult {
  // No body at all is no body (a bodiless POST from a client that always sets the header), not
  // broken JSON; a route that needs one says so through validation.
  if (text.length === 0) {
    return { ok: true, value: undefined };
  }
  let value: unknown;
  try {
    // JSON.parse makes "__proto__" an ordinary own key, so parsing itself pollutes nothing.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, problem: httpProblem('MALFORMED_JSON') };
  }
  const problem = findStructuralProblem(value);
  return problem === undefined ? { ok: true, value } : { ok: false, problem };
}

/** Walks the parsed value without recursion, so no nesting can overflow the stack. */
function findStructuralProblem(root: unknown): ProblemException | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  let values = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, depth } = next;
    values += 1;
    if (values > REQUEST_LIMITS.jsonValuesMax) {
      return httpProblem('PAYLOAD_TOO_LARGE', {
        detail: `JSON bodies may hold at most ${REQUEST_LIMITS.jsonValuesMax} values.`,
      });
    }
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth > REQUEST_LIMITS.jsonDepth) {
      return httpProblem('JSON_TOO_DEEP', {
        detail: `JSON bodies may nest at most ${REQUEST_LIMITS.jsonDepth} levels.`,
      });
    }
    if (!Array.isArray(value) && Object.keys(value).some((key) => FORBIDDEN_KEYS.has(key))) {
      return httpProblem('FORBIDDEN_PROPERTY_NAME');
    }
    for (const child of Object.values(value)) {
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}
