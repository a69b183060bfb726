import 'reflect-metadata';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LedgerConfig } from '@lib/common';
import { AppModule, type TestRoutes } from './app.module';
import { HttpMetrics } from './metrics/http-metrics';
import type { InfrastructureOverrides } from './infrastructure/infrastructure.module';
import { fastifyServerOptions } from './http/fastify-options';
import { useStrictJsonBodies } from './http/json/json-body-parser';
import { FieldViolationSchema, ProblemSchema } from './http/problem/problem.openapi';

/** Overrides for tests; production passes none. */
export interface CreateAppOptions {
  /** Extra controllers and providers, e.g. a test-only route that exercises the plumbing. */
  readonly testRoutes?: TestRoutes;
  /** Replaces the logger, e.g. to capture what an unexpected error logs. */
  readonly logger?: LoggerService | LogLevel[] | false;
  /** Replaces the clock, the event store or the payment gateway. */
  readonly infrastructure?: InfrastructureOverrides;
}

/** Builds the whole application (not yet listening): used by `main.ts` and by the end-to-end tests. */
export async function createApp(
  config: LedgerConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.testRoutes, options.infrastructure),
    new FastifyAdapter(fastifyServerOptions()),
    {
      logger: options.logger ?? (config.production ? ['log', 'warn', 'error'] : ['warn', 'error']),
      // Bodies are parsed by our strict JSON parser alone (no urlencoded, no text): see below.
      bodyParser: false,
    },
  );
  useStrictJsonBodies(app.getHttpAdapter().getInstance());
  app.get(HttpMetrics).attach(app.getHttpAdapter().getInstance());
  app.enableShutdownHooks();
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
  return app;
}
