import fastifyRateLimit, { type CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock, RateLimitSettings } from '@lib/common';
import type { Actor } from '../auth/actor';
import { httpProblem } from '../problem/problem-catalog';
import type { ProblemException } from '../problem/problem.exception';
import {
  addressKey,
  lookupPhoneKey,
  paymentKey,
  payerKey,
  type PhoneKeyOf,
} from './rate-limit-keys';

/** What the limiters need from the application. */
export interface RateLimitDeps {
  readonly settings: RateLimitSettings;
  /** The Retry-After instant of a 429 is told on the service's clock, as every other instant. */
  readonly clock: Clock;
  readonly phoneKeyOf: PhoneKeyOf;
  /** The configured API key a request names (the guard's own authenticator), if any. */
  readonly actorOf: (request: FastifyRequest) => Actor | undefined;
}

/** `METHOD /route/:pattern`, as Fastify names the route a request matched. */
type RouteName = `${'GET' | 'POST' | 'PUT'} /${string}`;

export const GUEST_LOOKUP_ROUTE: RouteName = 'POST /v1/guests/payments/lookup';

/**
 * The state-changing routes counted per payer: a new payment by its payer; a client route on an
 * existing payment by the payment (it stands for its payer, and reading the payer from the store
 * would cost a read before the limit). The gateway's `complete` and `fail` are not counted: a
 * refused PG callback would leave the PG's money unrecorded until it retried.
 */
export const PAYER_ROUTES: Readonly<Record<RouteName, 'payer' | 'payment'>> = {
  'POST /v1/payments': 'payer',
  'POST /v1/payments/:paymentId/refresh': 'payment',
  'POST /v1/payments/:paymentId/items/:itemId/view': 'payment',
  'POST /v1/payments/:paymentId/cancel': 'payment',
  'POST /v1/payments/:paymentId/repayment': 'payment',
};

/** Orchestrators' probes: a throttled probe would take a healthy process out of rotation. */
const PROBE_ROUTES: ReadonlySet<string> = new Set([
  'GET /health',
  'GET /health/live',
  'GET /metrics',
]);

/** Most keys each limiter remembers (least recently used first out); bounds its memory. */
const KEYS_REMEMBERED = 10_000;

interface Limit {
  /** What is counted, in the 429's English detail. */
  readonly counts: string;
  readonly max: number;
  /** `onRequest` for what the headers tell; `preHandler` for what the parsed body tells. */
  readonly hook: 'onRequest' | 'preHandler';
  /** The counter this request adds to, or null when this limit does not count it. */
  readonly keyOf: (request: FastifyRequest) => string | null;
}

/** Given to a request no limiter counts: the plugin's allow list lets it through uncounted. */
const NOT_COUNTED = '';

/**
 * The rate limits (issue 13), with @fastify/rate-limit's counters in this process's memory, each
 * over a fixed window that starts at a key's first request. Per address and per API key are
 * counted in `onRequest`, before the body is read; per phone and per payer in `preHandler`, after
 * the body is parsed (a malformed body has had its 400 by then) and only for requests of a
 * configured `client` key, so nobody without one can use up a payer's allowance. A limited request
 * is answered 429 RATE_LIMITED before any handler runs: it appends nothing. Keys are never logged.
 */
export function useRateLimits(fastify: FastifyInstance, deps: RateLimitDeps): void {
  const limits = limitsOf(deps).filter((limit) => limit.max > 0);
  if (limits.length === 0) return;
  const windowSeconds = deps.settings.windowMs / 1_000;

  async function rateLimits(instance: FastifyInstance): Promise<void> {
    await instance.register(fastifyRateLimit, { global: false });
    const checks = limits.map((limit) => {
      const options: CreateRateLimitOptions & { readonly cache: number } = {
        max: limit.max,
        timeWindow: deps.settings.windowMs,
        cache: KEYS_REMEMBERED,
        keyGenerator: (request) => limit.keyOf(request) ?? NOT_COUNTED,
        allowList: (_request, key) => key === NOT_COUNTED,
      };
      return { limit, check: instance.createRateLimit(options) };
    });
    for (const hook of ['onRequest', 'preHandler'] as const) {
      const ofHook = checks.filter(({ limit }) => limit.hook === hook);
      if (ofHook.length === 0) continue;
      instance.addHook(hook, async (request: FastifyRequest) => {
        for (const { limit, check } of ofHook) {
          const result = await check(request);
          if (!result.isAllowed && result.isExceeded) {
            throw rateLimited(limit, windowSeconds, result.ttlInSeconds, deps.clock);
          }
        }
      });
    }
  }
  // Not encapsulated (as fastify-plugin would do it): the hooks apply to every route.
  void fastify.register(Object.assign(rateLimits, { [Symbol.for('skip-override')]: true }));
}

function limitsOf({ settings, phoneKeyOf, actorOf }: RateLimitDeps): Limit[] {
  const isClient = (request: FastifyRequest) => actorOf(request)?.role === 'client';
  const payerRoutes: Readonly<Record<string, 'payer' | 'payment'>> = PAYER_ROUTES;
  return [
    {
      counts: 'requests from one address',
      max: settings.requestsPerAddress,
      hook: 'onRequest',
      keyOf: (request) => (PROBE_ROUTES.has(routeOf(request)) ? null : addressKey(request.ip)),
    },
    {
      counts: 'requests with one API key',
      max: settings.requestsPerApiKey,
      hook: 'onRequest',
      keyOf: (request) => actorOf(request)?.keyId ?? null,
    },
    {
      counts: 'guest look-ups of one phone number',
      max: settings.guestLookupsPerPhone,
      hook: 'preHandler',
      keyOf: (request) =>
        routeOf(request) === GUEST_LOOKUP_ROUTE && isClient(request)
          ? lookupPhoneKey(request.body, phoneKeyOf)
          : null,
    },
    {
      counts: 'requests for one payer',
      max: settings.requestsPerPayer,
      hook: 'preHandler',
      keyOf: (request) => {
        const by = payerRoutes[routeOf(request)];
        if (by === undefined || !isClient(request)) return null;
        return by === 'payer' ? payerKey(request.body, phoneKeyOf) : paymentKey(request.params);
      },
    },
  ];
}

function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? ''}`;
}

/** The 429: the limit (never its key), when to retry as an instant and as `Retry-After` seconds. */
function rateLimited(
  limit: Limit,
  windowSeconds: number,
  ttlSeconds: number,
  clock: Clock,
): ProblemException {
  const seconds = Math.max(1, ttlSeconds);
  return httpProblem(
    'RATE_LIMITED',
    {
      detail: `At most ${limit.max} ${limit.counts} in ${windowSeconds} s; retry in ${seconds} s.`,
      retryAfter: clock.now().plus({ seconds }).toISO() ?? undefined,
    },
    { headers: { 'Retry-After': String(seconds) } },
  );
}
