import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LedgerMetrics } from '@lib/metrics';
import { REPLAYED_HEADER } from '../idempotency/idempotent.interceptor';
import { PROBLEM_MEDIA_TYPE, isProblemCode } from '../http/problem/problem';

/** Methods a route may have; any other (Node accepts dozens) is counted as OTHER. */
const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/**
 * What the HTTP layer counts (LedgerMetrics): every answer by method, route pattern (never the
 * raw URL, which holds ids) and status, with its duration; every problem answer by its `code`,
 * whichever part of the layer sent it (a guard, the exception filter, the rate limits, the
 * drain of a stopping process); every replayed answer of an Idempotency-Key.
 */
@Injectable()
export class HttpMetrics {
  constructor(private readonly metrics: LedgerMetrics) {}

  attach(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (request, reply, payload, done) => {
      if (reply.getHeader(REPLAYED_HEADER) === 'true') {
        this.metrics.countIdempotentReplay(routeOf(request));
      }
      const code = problemCodeOf(reply, payload);
      if (code !== undefined) this.metrics.countProblemAnswer(code, reply.statusCode);
      done(null, payload);
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      const seconds = reply.elapsedTime / 1_000;
      this.metrics.observeHttpRequest(method, routeOf(request), reply.statusCode, seconds);
      done();
    });
  }
}

/** The route's pattern, e.g. `/v1/payments/:paymentId`; `unmatched` for a 404 of no route. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** The `code` of a problem answer (problem+json), or undefined for any other answer. */
function problemCodeOf(reply: FastifyReply, payload: unknown): string | undefined {
  const contentType = reply.getHeader('content-type');
  if (typeof contentType !== 'string' || !contentType.startsWith(PROBLEM_MEDIA_TYPE)) {
    return undefined;
  }
  const text =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
  try {
    const { code } = JSON.parse(text) as { readonly code?: unknown };
    // A closed set of UPPER_SNAKE codes; anything else would be a label no one can bound.
    return typeof code === 'string' && isProblemCode(code) ? code : 'UNKNOWN';
  } catch {
    return 'UNKNOWN';
  }
}
