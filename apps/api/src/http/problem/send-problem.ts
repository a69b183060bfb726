import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem';

export type AnyRequest = FastifyRequest | IncomingMessage;
export type AnyReply = FastifyReply | ServerResponse;

/** The path of a request without its query string (a query could carry personal data). */
export function requestPath(request: AnyRequest): string | undefined {
  const url = request.url;
  return url === undefined ? undefined : url.split('?', 1)[0];
}

/**
 * Writes a problem answer. Returns false when the answer had already begun (e.g. a stream failed
 * half-way): then nothing valid can be sent, and the connection is cut so the client cannot mistake
 * a truncated answer for a whole one.
 */
export function sendProblem(
  reply: AnyReply,
  problem: ProblemDocument,
  headers: Readonly<Record<string, string>> = {},
): boolean {
  const body = JSON.stringify(problem);
  if (isFastifyReply(reply)) {
    if (reply.sent || reply.raw.headersSent) {
      reply.raw.destroy();
      return false;
    }
    void reply
      .code(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(body);
    return true;
  }
  if (reply.headersSent) {
    reply.destroy();
    return false;
  }
  reply.writeHead(problem.status, {
    ...headers,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
  });
  reply.end(body);
  return true;
}

function isFastifyReply(reply: AnyReply): reply is FastifyReply {
  return 'raw' in reply && typeof reply.code === 'function';
}
