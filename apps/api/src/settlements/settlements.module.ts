import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { IdempotentInterceptor } from '../idempotency/idempotent.interceptor';
import { LedgerContext } from '../payments/shared/ledger-context.service';
import { DueSettlements } from './close-due-settlements/due-settlements.service';
import { CloseSettlementController } from './close-settlement/close-settlement.controller';
import { CloseSettlementHandler } from './close-settlement/close-settlement.handler';
import { GetSettlementController } from './get-settlement/get-settlement.controller';
import { GetSettlementHandler } from './get-settlement/get-settlement.handler';
import { CancellationFence } from './shared/cancellation-fence.service';
import { SettlementCloser } from './shared/settlement-closer.service';
import { SettlementDays } from './shared/settlement-days.service';
import { SettlementFiles } from './shared/settlement-files.service';
import { SettlementLogScan } from './shared/settlement-log-scan.service';

/**
 * Daily settlement (R18, R19): the report routes, the close and the due work; the schedule that
 * runs the due work lives in the worker (apps/worker). Global because the payments' cancel handler
 * needs the CancellationFence (R19) and DueSettlements is the test clock's and the worker's due
 * work, while settlements must not import the payments module.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [GetSettlementController, CloseSettlementController],
  providers: [
    GetSettlementHandler,
    CloseSettlementHandler,
    CancellationFence,
    DueSettlements,
    LedgerContext,
    SettlementCloser,
    SettlementDays,
    SettlementFiles,
    SettlementLogScan,
    IdempotencyService,
    IdempotentInterceptor,
  ],
  exports: [CancellationFence, DueSettlements],
})
export class SettlementsModule {}
