import type { FastifyInstance } from 'fastify';
import { actorOf } from './auth/actor';
import { correlationIdOf } from './command-meta';

/**
 * One log line per answered request, written through the request's pino logger (which adds
 * `reqId`, the id its commands name as their causation): the correlation id, the caller's role
 * (from its API key, never the key), the route pattern (never the URL, whose query may hold a
 * phone number), the status and the time taken. Nothing of the body or the headers (R25).
 */
export function useRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        correlationId: correlationIdOf(request),
        role: actorOf(request)?.role ?? null,
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
