import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LedgerConfig } from '@lib/common';
import { AppModule } from './app.module';

/** Builds the whole application (not yet listening): used by `main.ts` and by the end-to-end tests. */
export async function createApp(config: LedgerConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({ bodyLimit: 1024 * 1024 }),
    { logger: config.production ? ['log', 'warn', 'error'] : ['warn', 'error'] },
  );
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
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
