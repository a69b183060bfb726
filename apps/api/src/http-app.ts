import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { useAcceptedAnswers } from './http/accepted';
import { useStrictJsonBodies } from './http/json/json-body-parser';
import { FieldViolationSchema, ProblemSchema } from './http/problem/problem.openapi';
import { HttpMetrics } from './metrics/http-metrics';

/**
 * What the HTTP server needs beyond its modules: our strict JSON body parser, request metrics and
 * the OpenAPI document at `/docs` (of the routes the process serves).
 */
export function configureHttpApp(
  app: NestFastifyApplication,
  options: { readonly openApi: boolean },
): void {
  useStrictJsonBodies(app.getHttpAdapter().getInstance());
  useAcceptedAnswers(app.getHttpAdapter().getInstance());
  app.get(HttpMetrics).attach(app.getHttpAdapter().getInstance());
  // A worker serves only health and metrics: it has no API to describe.
  if (!options.openApi) return;
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
