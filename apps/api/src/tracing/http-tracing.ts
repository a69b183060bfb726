import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SpanStatusCode, context, propagation } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import { isStreamKey } from '@lib/ledger';
import {
  ATTR_CORRELATION_ID,
  ATTR_PAYMENT_ID,
  SpanKind,
  openSpan,
  type Span,
} from '@lib/observability';
import { correlationIdOf } from '../http/command-meta';

/** Probes and scrapes, every few seconds from machines: not worth a trace each. */
const UNTRACED_ROUTE = /^\/(health|metrics)(\/|$)/;

/**
 * A server span per request, `<method> <route pattern>` (never the raw URL, which holds ids), with
 * the request's correlation id (the one its commands stamp on their events), the payment id of the
 * route when it has one, and the status it was answered with. The span is made active in
 * `onRequest`, around the rest of Fastify's chain (the body, the other hooks, Nest's handler), so
 * the command, append and PG spans of the request nest under it: AsyncLocalStorage carries the
 * context through every callback and promise that chain starts, even for a body that arrives in
 * pieces (without the `context.with`, the nesting checks of test/tracing.e2e-spec.ts fail). A
 * `traceparent` header (W3C) makes the span part of the caller's trace. Nothing of the body, the query or the headers is recorded
 * beyond that (R25).
 */
export function useHttpTracing(fastify: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, Span>();

  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && UNTRACED_ROUTE.test(route)) {
      done();
      return;
    }
    const opened = openSpan(
      route === undefined ? request.method : `${request.method} ${route}`,
      {
        [ATTR_HTTP_REQUEST_METHOD]: request.method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_CORRELATION_ID]: correlationIdOf(request),
        [ATTR_PAYMENT_ID]: paymentIdOf(request),
      },
      {
        kind: SpanKind.SERVER,
        parent: propagation.extract(context.active(), request.headers),
      },
    );
    spans.set(request, opened.span);
    context.with(opened.context, done);
  });

  const end = (request: FastifyRequest, statusCode: number | undefined) => {
    const span = spans.get(request);
    if (span === undefined) return;
    spans.delete(request);
    if (statusCode === undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'The client closed the connection' });
    } else {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
      // A 4xx is the client's business (a refusal, a bad body): only a 5xx is the server's failure.
      if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    end(request, undefined);
    done();
  });
}

function paymentIdOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const paymentId = params?.paymentId;
  return isStreamKey(paymentId) ? paymentId : undefined;
}
