import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PaymentServicesModule } from '@lib/payments';
import { IdempotentInterceptor } from '../idempotency/idempotent.interceptor';
import { GetTestClockController } from './get-test-clock/get-test-clock.controller';
import { SetTestClockController } from './set-test-clock/set-test-clock.controller';
import { SetTestClockHandler } from './set-test-clock/set-test-clock.handler';

/**
 * The test clock routes (DESIGN.md §6). The API module imports this only when
 * LEDGER_TEST_CLOCK=true: otherwise its routes are not registered at all and answer 404 like any
 * unknown route. The clock itself (TestClockStream) is infrastructure every process shares.
 */
@Module({
  imports: [CqrsModule, PaymentServicesModule],
  controllers: [SetTestClockController, GetTestClockController],
  providers: [SetTestClockHandler, IdempotentInterceptor],
})
export class TestClockModule {}
