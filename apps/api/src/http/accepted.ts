import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Requests whose answer is 202 Accepted, with the seconds a client should wait to ask again. */
const accepted = new WeakMap<object, number>();

/**
 * Answers this request 202 (the outcome is not known yet; DESIGN.md §6) with `Retry-After`,
 * whatever status the route declares. Nest sets the route's status after the handler, so the
 * status is applied when the reply is sent (see `useAcceptedAnswers`).
 */
export function answerAccepted(request: FastifyRequest, retryAfterSeconds: number): void {
  accepted.set(request, retryAfterSeconds);
}

export function isAccepted(request: FastifyRequest): boolean {
  return accepted.has(request);
}

/** Registers the hook that turns a marked answer into a 202 just before it is sent. */
export function useAcceptedAnswers(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const retryAfter = accepted.get(request);
    if (retryAfter !== undefined && reply.statusCode < 300) {
      void reply.code(202).header('Retry-After', String(retryAfter));
    }
    done(null, payload);
  });
}
