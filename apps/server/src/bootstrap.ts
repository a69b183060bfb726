import 'reflect-metadata';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, fastifyServerOptions } from '@app/api';
import type { LedgerConfig } from '@lib/common';
import type { InfrastructureOverrides } from '@lib/infrastructure';
import { LIMITS, assertLimitOrder } from '@lib/limits';
import { PinoNestLogger, createLedgerLogger } from '@lib/observability';
import { RequestDrain } from './request-drain';
import { ServerModule, type TestRoutes } from './server.module';

/** Overrides for tests; production passes none. */
export interface CreateAppOptions {
  /** Extra controllers and providers, e.g. a test-only route that exercises the plumbing. */
  readonly testRoutes?: TestRoutes;
  /**
   * Replaces the logger, e.g. to capture what an unexpected error logs; then Fastify logs nothing
   * (no request lines). By default both write through one pino logger (LOG_LEVEL).
   */
  readonly logger?: LoggerService | LogLevel[] | false;
  /** Replaces the clock, the event store, the payment gateway, the scheduler or the ids. */
  readonly infrastructure?: InfrastructureOverrides;
}

/**
 * Builds one process of the ledger in the role its configuration names (not yet listening): used
 * by `main.ts` and by the end-to-end tests. Refuses to build when the limits are out of order.
 * Signals are `main.ts`'s (stopGracefullyOnSignals): Nest's own shutdown hooks would run the
 * modules' destroy hooks while the server still takes requests, and end the process by the signal
 * instead of with an exit code.
 */
export async function createApp(
  config: LedgerConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  assertLimitOrder(LIMITS, config.policy);
  // One pino logger for Fastify (a line per request, with its reqId) and for Nest's `Logger`s.
  const pino = options.logger === undefined ? createLedgerLogger(config.logging) : undefined;
  const app = await NestFactory.create<NestFastifyApplication>(
    ServerModule.forRole(config, options.testRoutes, options.infrastructure),
    new FastifyAdapter({
      ...fastifyServerOptions(),
      ...(pino === undefined ? {} : { loggerInstance: pino }),
    }),
    {
      logger: pino === undefined ? options.logger : new PinoNestLogger(pino),
      // Bodies are parsed by our strict JSON parser alone (no urlencoded, no text).
      bodyParser: false,
      // A module that fails to start (a store that cannot be opened) rejects, so main.ts can say
      // why and exit, instead of Nest exiting on its own.
      abortOnError: false,
    },
  );
  // First: a request that arrives while the process stops goes no further than this hook.
  app.get(RequestDrain).attach(app.getHttpAdapter().getInstance());
  configureHttpApp(app, { openApi: config.role !== 'worker' });
  return app;
}
