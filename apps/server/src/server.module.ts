import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { ApiModule, HttpPlumbingModule, OperationsModule } from '@app/api';
import { WorkerModule } from '@app/worker';
import type { LedgerConfig } from '@lib/common';
import { InfrastructureModule, type InfrastructureOverrides } from '@lib/infrastructure';
import { RequestDrain } from './request-drain';

/** Routes added by a test (through `createApp`'s options), never by production code. */
export interface TestRoutes {
  readonly controllers?: Type<unknown>[];
  readonly providers?: Provider[];
}

/**
 * One binary, three roles (DESIGN.md §5): this module gives a process its role. Every role serves
 * health and metrics over HTTP; `all` and `api` serve the routes of the contract (apps/api); `all`
 * and `worker` run the schedules and subscriptions (apps/worker).
 */
@Module({})
export class ServerModule {
  static forRole(
    config: LedgerConfig,
    testRoutes: TestRoutes = {},
    infrastructure: InfrastructureOverrides = {},
  ): DynamicModule {
    return {
      module: ServerModule,
      imports: [
        InfrastructureModule.forRoot(config, infrastructure),
        HttpPlumbingModule.forRoot(config),
        OperationsModule,
        ...(config.role === 'worker' ? [] : [ApiModule.forRoot(config)]),
        ...(config.role === 'api' ? [] : [WorkerModule.forRoot(config)]),
      ],
      controllers: testRoutes.controllers ?? [],
      providers: [RequestDrain, ...(testRoutes.providers ?? [])],
    };
  }
}
