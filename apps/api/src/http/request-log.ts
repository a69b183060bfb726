import type { FastifyInstance } from 'fastify';
import { actorOf } from './auth/actor';
import { correlationIdOf } from './command-meta';

/**
 * One log line per answered request, written through the request's pino logger (which adds
 * `reqId`, the id its commands name as their causation): the correlation id, the caller's role
 * (from its API key, never the key), the route pattern (never the URL, whose query may hold a
 * phone number), the status and the time taken. Nothing of the body or the headers (R25).
 */
const PROBE_ROUTES: ReadonlySet<string> = new Set([
  '/health',
  '/health/live',
  '/health/ready',
  '/metrics',
]);

export function useRequestLog(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    // Probes come every few seconds from each scraper and orchestrator: debug, not info.
    const probe = route !== undefined && PROBE_ROUTES.has(route);
    request.log[probe ? 'debug' : 'info'](
      {
        correlationId: correlationIdOf(request),
        role: actorOf(request)?.role ?? null,
        method: request.method,
        route: route ?? 'unmatched',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
