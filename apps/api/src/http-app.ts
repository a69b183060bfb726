import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@lib/common';
import { GuestCredentials } from '@lib/payments';
import { useAcceptedAnswers } from './http/accepted';
import { ApiKeyAuthenticator, bearerTokenOf } from './http/auth/api-key.authenticator';
import { useStrictJsonBodies } from './http/json/json-body-parser';
import { FieldViolationSchema, ProblemSchema } from './http/problem/problem.openapi';
import { useRateLimits } from './http/rate-limits/rate-limits';
import { documentRateLimits } from './http/rate-limits/rate-limits.openapi';
import { useRequestHeadChecks } from './http/request-head';
import { useRequestLog } from './http/request-log';
import { useSecurityHeaders } from './http/security-headers/security-headers';
import { HttpMetrics } from './metrics/http-metrics';
import { documentCommonAnswers } from './openapi/common-answers.openapi';
import { useHttpTracing } from './tracing/http-tracing';

const DOCS_PATH = 'docs';

/**
 * What the HTTP server needs beyond its modules: security headers on every answer, our strict JSON
 * body parser, request metrics, a log line per request, the rate limits and the OpenAPI document at `/docs` (of the routes
 * the process serves).
 */
export function configureHttpApp(
  app: NestFastifyApplication,
  options: { readonly openApi: boolean },
): void {
  const fastify = app.getHttpAdapter().getInstance();
  useSecurityHeaders(fastify, `/${DOCS_PATH}`);
  useRequestHeadChecks(fastify);
  useStrictJsonBodies(fastify);
  useAcceptedAnswers(fastify);
  app.get(HttpMetrics).attach(fastify);
  useRequestLog(fastify);
  useHttpTracing(fastify);
  // A worker serves only health and metrics: it has no API to describe or to limit.
  if (!options.openApi) return;
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  const credentials = app.get(GuestCredentials);
  const authenticator = app.get(ApiKeyAuthenticator);
  useRateLimits(fastify, {
    settings: config.rateLimits,
    clock: app.get<Clock>(CLOCK),
    phoneKeyOf: (phone) => credentials.phoneKey(phone),
    actorOf: (request) => {
      const token = bearerTokenOf(request.headers.authorization);
      return token === undefined ? undefined : authenticator.authenticate(token);
    },
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('판결서 인터넷열람 payment ledger')
      .setDescription(
        'Event-sourced ledger of judgment-viewing fee payments. Errors are RFC 9457 problem documents ' +
          '(application/problem+json) with a stable `code` and a Korean `message`.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key of one role' })
      .build(),
    { extraModels: [ProblemSchema, FieldViolationSchema] },
  );
  documentRateLimits(document, config.rateLimits);
  documentCommonAnswers(document);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}
