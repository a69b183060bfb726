import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemDocument } from './http/problem/problem';
import { HTTP_PROBLEMS } from './http/problem/problem-catalog';
import { requestPath, sendProblem } from './http/problem/send-problem';

/** Seconds a refused client waits before trying again (another process, or this one restarted). */
const SHUTTING_DOWN_RETRY_AFTER_SECONDS = 1;

/**
 * The answer to a request that arrives while the process stops (apps/server's drain): 503
 * SHUTTING_DOWN with `Retry-After`, and `Connection: close` so the client's next attempt opens a
 * new connection, which a load balancer sends to a process that still serves.
 */
export function answerShuttingDown(request: FastifyRequest, reply: FastifyReply): void {
  const { status, title, message } = HTTP_PROBLEMS.SHUTTING_DOWN;
  sendProblem(
    reply,
    problemDocument(status, { code: 'SHUTTING_DOWN', title, message }, requestPath(request)),
    { 'Retry-After': String(SHUTTING_DOWN_RETRY_AFTER_SECONDS), Connection: 'close' },
  );
}
