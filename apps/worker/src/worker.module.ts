import { type DynamicModule, Module } from '@nestjs/common';
import type { LedgerConfig } from '@lib/common';
import {
  InfrastructureModule,
  type InfrastructureOverrides,
} from '../../api/src/infrastructure/infrastructure.module';
import { LedgerContext } from '../../api/src/payments/shared/ledger-context.service';
import { PayerGuard } from '../../api/src/payments/shared/payer-guard.service';
import { PaymentFollowUps } from '../../api/src/payments/shared/payment-follow-ups.service';
import { PaymentStore } from '../../api/src/payments/shared/payment-store.service';
import { ReadModelsModule } from '../../api/src/read-side/shared/read-models.module';
import { CloseDueSettlementsScheduler } from '../../api/src/settlements/close-due-settlements/close-due-settlements.scheduler';
import { SettlementsModule } from '../../api/src/settlements/settlements.module';
import { PaymentFollowUpReactor } from './follow-ups/payment-follow-up.reactor';
import { TransferExpiryScheduler } from './transfer-expiry/transfer-expiry.scheduler';
import { TransferExpirySweep } from './transfer-expiry/transfer-expiry.sweep';

/**
 * The worker (DESIGN.md §5): the projection runner (through ReadModelsModule) and the durable
 * sagas: the R5 transfer-expiry sweep, the follow-up reactor (R6, R12) and the R18 settlement
 * schedule. No HTTP. `npm start` runs it inside the API process (AppModule imports this class);
 * `apps/worker/src/main.ts` runs it alone with `WorkerModule.forRoot(config)`, which adds the
 * infrastructure the API would otherwise provide. The payments' stateless helpers are provided
 * here again, as the read side does, so the worker does not need the payment routes' module.
 */
@Module({
  imports: [ReadModelsModule, SettlementsModule],
  providers: [
    LedgerContext,
    PaymentStore,
    PayerGuard,
    PaymentFollowUps,
    TransferExpirySweep,
    TransferExpiryScheduler,
    PaymentFollowUpReactor,
    CloseDueSettlementsScheduler,
  ],
  exports: [TransferExpirySweep, PaymentFollowUpReactor],
})
export class WorkerModule {
  /** The worker as its own process: the same module plus config, clock, store and gateway. */
  static forRoot(
    config: LedgerConfig,
    infrastructure: InfrastructureOverrides = {},
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [InfrastructureModule.forRoot(config, infrastructure)],
    };
  }
}
