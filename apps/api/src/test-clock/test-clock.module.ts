import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WorkerModule } from '../../../worker/src/worker.module';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { IdempotentInterceptor } from '../idempotency/idempotent.interceptor';
import { GetTestClockController } from './get-test-clock/get-test-clock.controller';
import { SetTestClockController } from './set-test-clock/set-test-clock.controller';
import { SetTestClockHandler } from './set-test-clock/set-test-clock.handler';
import { DueWork } from './shared/due-work.service';
import { testClockProvider } from './shared/test-clock.token';

/**
 * The test clock (DESIGN.md §6). The root module imports it only when LEDGER_TEST_CLOCK=true:
 * otherwise its routes are not registered at all and answer 404 like any unknown route.
 */
@Module({
  imports: [CqrsModule, WorkerModule],
  controllers: [SetTestClockController, GetTestClockController],
  providers: [
    testClockProvider,
    SetTestClockHandler,
    DueWork,
    IdempotencyService,
    IdempotentInterceptor,
  ],
})
export class TestClockModule {}
