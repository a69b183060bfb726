import type { FastifyInstance } from 'fastify';
import { problemDocument } from './problem/problem';
import { HTTP_PROBLEMS } from './problem/problem-catalog';
import { requestPath, sendProblem } from './problem/send-problem';

/**
 * Two request heads Node would answer by itself, with a bare status outside the contract (found
 * by the HTTP fuzzer, test/fuzz): an HTTP/1.1 request without `Host` (Node's bare 400) and an
 * `Expect` other than `100-continue` (Node's bare 417). The server lets both through
 * (`requireHostHeader: false` in fastifyServerOptions, and this `checkExpectation` listener), and
 * here a Host-less HTTP/1.1 request gets the 400 problem document RFC 9112 §3.2 asks for, while an
 * expectation the ledger does not know is ignored and the request served (RFC 9110 §10.1.1 lets a
 * server do either).
 */
export function useRequestHeadChecks(fastify: FastifyInstance): void {
  fastify.server.on('checkExpectation', (request, response) => {
    fastify.server.emit('request', request, response);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      const { status, title, message } = HTTP_PROBLEMS.BAD_REQUEST;
      sendProblem(
        reply,
        problemDocument(
          status,
          {
            code: 'BAD_REQUEST',
            title,
            message,
            detail: 'An HTTP/1.1 request needs a Host header.',
          },
          requestPath(request),
        ),
        { connection: 'close' },
      );
      return;
    }
    done();
  });
}
