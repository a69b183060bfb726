import { STATUS_CODES } from 'node:http';
import type { ProblemFields } from './problem';
import { ProblemException, type ProblemOptions } from './problem.exception';

interface CatalogEntry {
  readonly status: number;
  readonly title: string;
  readonly message: string;
}

/**
 * The problems of the HTTP layer itself, one per code. Domain refusals (CANCEL_NOT_ALLOWED, …) are
 * defined by their handlers; these are the ones any route can answer.
 */
export const HTTP_PROBLEMS = {
  BAD_REQUEST: { status: 400, title: 'Bad request', message: '요청이 올바르지 않습니다.' },
  MALFORMED_JSON: {
    status: 400,
    title: 'Malformed JSON body',
    message: '요청 본문이 올바른 JSON 형식이 아닙니다.',
  },
  FORBIDDEN_PROPERTY_NAME: {
    status: 400,
    title: 'Forbidden property name in body',
    message: '요청 본문에 쓸 수 없는 항목 이름(__proto__, constructor, prototype)이 있습니다.',
  },
  JSON_TOO_DEEP: {
    status: 400,
    title: 'JSON body nested too deeply',
    message: '요청 본문의 중첩이 너무 깊습니다.',
  },
  VALIDATION_FAILED: {
    status: 400,
    title: 'Validation failed',
    message: '입력값이 올바르지 않습니다. 항목별 오류를 확인해 주세요.',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    title: 'Idempotency-Key header required',
    message: '이 요청에는 Idempotency-Key 헤더가 필요합니다.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    title: 'Invalid Idempotency-Key header',
    message: 'Idempotency-Key 헤더는 공백 없는 영문, 숫자, 기호로 1~255자여야 합니다.',
  },
  BAD_URL: { status: 400, title: 'Malformed URL', message: '요청 주소가 올바르지 않습니다.' },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Authentication required',
    message: '인증이 필요합니다. 올바른 API 키를 보내 주세요.',
  },
  FORBIDDEN: { status: 403, title: 'Forbidden', message: '이 요청을 수행할 권한이 없습니다.' },
  NOT_FOUND: { status: 404, title: 'Not found', message: '요청한 주소를 찾을 수 없습니다.' },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    message: '허용되지 않는 요청 방식입니다.',
  },
  NOT_ACCEPTABLE: {
    status: 406,
    title: 'Not acceptable',
    message: '요청한 응답 형식을 제공할 수 없습니다.',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request timeout',
    message: '요청 시간이 초과되었습니다. 다시 시도해 주세요.',
  },
  CONFLICT: { status: 409, title: 'Conflict', message: '요청이 현재 상태와 맞지 않습니다.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Payload too large',
    message: '요청 본문이 너무 큽니다.',
  },
  URI_TOO_LONG: { status: 414, title: 'URI too long', message: '요청 주소가 너무 깁니다.' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    message: '지원하지 않는 본문 형식입니다. application/json으로 보내 주세요.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    title: 'Too many requests',
    message: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
  },
  // After TOO_MANY_REQUESTS, which stays the generic code of a bare 429.
  RATE_LIMITED: {
    status: 429,
    title: 'Rate limit exceeded',
    message: '짧은 시간에 요청이 너무 많아 잠시 제한되었습니다. 잠시 후 다시 시도해 주세요.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'Request header fields too large',
    message: '요청 헤더가 너무 큽니다.',
  },
  CLIENT_ERROR: { status: 400, title: 'Client error', message: '요청을 처리할 수 없습니다.' },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal server error',
    message:
      '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요. 문제가 계속되면 사용자지원센터로 문의해 주세요.',
  },
  NOT_IMPLEMENTED: {
    status: 501,
    title: 'Not implemented',
    message: '아직 제공하지 않는 기능입니다.',
  },
  BAD_GATEWAY: {
    status: 502,
    title: 'Bad gateway',
    message: '연계 기관의 응답을 받지 못했습니다. 잠시 후 다시 시도해 주세요.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    message: '서비스를 잠시 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
  },
  // After SERVICE_UNAVAILABLE, which stays the generic code of a bare 503.
  SHUTTING_DOWN: {
    status: 503,
    title: 'Shutting down',
    message: '서버가 종료 중이어서 새 요청을 받지 않습니다. 잠시 후 다시 시도해 주세요.',
  },
  STORAGE_UNAVAILABLE: {
    status: 503,
    title: 'Storage unavailable',
    message:
      '일시적인 저장 장애로 요청을 처리하지 못했습니다. 잠시 후 같은 요청을 다시 보내 주세요.',
  },
  GATEWAY_TIMEOUT: {
    status: 504,
    title: 'Gateway timeout',
    message: '연계 기관의 응답 시간이 초과되었습니다. 잠시 후 다시 시도해 주세요.',
  },
} as const satisfies Record<string, CatalogEntry>;

export type HttpProblemCode = keyof typeof HTTP_PROBLEMS;

type ProblemExtras = Omit<ProblemFields, 'code' | 'title' | 'message'> &
  Partial<Pick<ProblemFields, 'message'>>;

/** A catalogued problem, e.g. `httpProblem('VALIDATION_FAILED', { errors })`. */
export function httpProblem(
  code: HttpProblemCode,
  extras: ProblemExtras = {},
  options?: ProblemOptions,
): ProblemException {
  const { status, title, message } = HTTP_PROBLEMS[code];
  return new ProblemException(status, { code, title, message, ...extras }, options);
}

const CODE_BY_STATUS: ReadonlyMap<number, HttpProblemCode> = new Map(
  (Object.keys(HTTP_PROBLEMS) as HttpProblemCode[])
    .filter((code) => code !== 'CLIENT_ERROR')
    .reverse() // the first code listed for a status (the generic one) wins
    .map((code) => [HTTP_PROBLEMS[code].status, code]),
);

/**
 * The problem for an error that carries only a status (Nest's and Fastify's own exceptions): a 4xx
 * keeps its status; a 5xx without a catalogued code is reported as a plain 500.
 */
export function problemForStatus(status: number): { status: number; fields: ProblemFields } {
  const code = CODE_BY_STATUS.get(status);
  if (code !== undefined) {
    const { title, message } = HTTP_PROBLEMS[code];
    return { status, fields: { code, title, message } };
  }
  if (status >= 400 && status < 500) {
    const { message } = HTTP_PROBLEMS.CLIENT_ERROR;
    return {
      status,
      fields: { code: 'CLIENT_ERROR', title: STATUS_CODES[status] ?? 'Client error', message },
    };
  }
  const { title, message } = HTTP_PROBLEMS.INTERNAL_ERROR;
  return { status: 500, fields: { code: 'INTERNAL_ERROR', title, message } };
}
