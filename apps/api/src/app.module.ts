import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import type { LedgerConfig } from '@lib/common';
import { HealthController } from './health/health.controller';
import { HttpPlumbingModule } from './http';
import {
  InfrastructureModule,
  type InfrastructureOverrides,
} from './infrastructure/infrastructure.module';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { PaymentsModule } from './payments/payments.module';
import { ReadSideModule } from './read-side/read-side.module';
import { SettlementsModule } from './settlements/settlements.module';
import { TestClockModule } from './test-clock/test-clock.module';
import { WorkerModule } from '../../worker/src/worker.module';

/** Routes added by a test (through `createApp`'s options), never by production code. */
export interface TestRoutes {
  readonly controllers?: Type<unknown>[];
  readonly providers?: Provider[];
}

@Module({})
export class AppModule {
  static forRoot(
    config: LedgerConfig,
    testRoutes: TestRoutes = {},
    infrastructure: InfrastructureOverrides = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, infrastructure),
        HttpPlumbingModule.forRoot(config),
        PaymentsModule,
        ReadSideModule,
        SettlementsModule,
        // DESIGN.md §5, §7: `npm start` runs the worker (projections, sagas) in the API's process.
        WorkerModule,
        // DESIGN.md §6: without LEDGER_TEST_CLOCK=true the test-clock routes do not exist (404).
        ...(config.testClock ? [TestClockModule] : []),
      ],
      controllers: [HealthController, MetricsController, ...(testRoutes.controllers ?? [])],
      providers: [HttpMetrics, ...(testRoutes.providers ?? [])],
    };
  }
}
