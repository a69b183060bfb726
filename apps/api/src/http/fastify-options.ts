import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { STATUS_CODES, type ServerOptions } from 'node:http';
import {
  LogController,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { REQUEST_LIMITS } from './limits';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem/problem';
import { HTTP_PROBLEMS, type HttpProblemCode } from './problem/problem-catalog';
import { requestPath, sendProblem } from './problem/send-problem';
import { EARLY_ANSWER_SECURITY_HEADERS } from './security-headers/security-headers';

/**
 * The Fastify server options of the API. The errors Fastify answers before any Nest code runs
 * (an undecodable URL, a broken request line) get problem documents here too.
 */
export function fastifyServerOptions(): FastifyServerOptions & { readonly http: ServerOptions } {
  return {
    bodyLimit: REQUEST_LIMITS.bodyBytes,
    // Fastify's default is no limit: a client trickling a body byte by byte would hold a socket forever.
    requestTimeout: REQUEST_LIMITS.requestReceiveMs,
    // Node would answer a Host-less HTTP/1.1 request with a bare 400: useRequestHeadChecks answers it.
    http: { requireHostHeader: false },
    // The request id (`reqId` of the log, causation id of commands): unique across processes.
    genReqId: () => randomUUID(),
    // useRequestLog writes one line per request, without Fastify's `req`/`res` (URL, headers).
    logController: new LogController({ disableRequestLogging: true }),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: REQUEST_LIMITS.routeParamChars },
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const code: HttpProblemCode =
        error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'BAD_URL'
          : 'INTERNAL_ERROR';
      const { status, title, message } = HTTP_PROBLEMS[code];
      // Answered before any hook has run: helmet has not set its headers.
      sendProblem(
        reply,
        problemDocument(status, { code, title, message }, requestPath(request)),
        EARLY_ANSWER_SECURITY_HEADERS,
      );
    },
    clientErrorHandler: answerClientError,
  };
}

/**
 * Answers a request Node could not even parse (headers too large, a garbled request line, a
 * timeout) on the socket itself, as Fastify's default does, but as a problem document.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const code: HttpProblemCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'BAD_REQUEST';
  const { status, title, message } = HTTP_PROBLEMS[code];
  const body = JSON.stringify(problemDocument(status, { code, title, message }, undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        Object.entries(EARLY_ANSWER_SECURITY_HEADERS)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
