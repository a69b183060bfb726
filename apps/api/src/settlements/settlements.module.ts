import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SettlementServicesModule } from '@lib/settlement';
import { IdempotentInterceptor } from '../idempotency/idempotent.interceptor';
import { CloseSettlementController } from './close-settlement/close-settlement.controller';
import { CloseSettlementHandler } from './close-settlement/close-settlement.handler';
import { GetSettlementController } from './get-settlement/get-settlement.controller';
import { GetSettlementHandler } from './get-settlement/get-settlement.handler';

/**
 * The settlement routes (R18): the day's report and the on-demand close, over libs/settlement. The
 * schedule that closes days by itself is the worker's (apps/worker).
 */
@Module({
  imports: [CqrsModule, SettlementServicesModule],
  controllers: [GetSettlementController, CloseSettlementController],
  providers: [GetSettlementHandler, CloseSettlementHandler, IdempotentInterceptor],
})
export class SettlementsModule {}
