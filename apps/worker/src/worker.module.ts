import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import type { LedgerConfig } from '@lib/common';
import { PaymentServicesModule } from '@lib/payments';
import { PaymentFollowUpReactor } from './follow-ups/payment-follow-up.reactor';
import { ReconcilerScheduler } from './reconcilers/reconciler.scheduler';
import { SettlementScheduler } from './settlement-schedule/settlement.scheduler';
import { ClockMoveDueWork } from './test-clock/clock-move-due-work';
import { TransferExpiryScheduler } from './transfer-expiry/transfer-expiry.scheduler';

/**
 * The worker (DESIGN.md §5): schedules and subscriptions that call library services. The R5
 * transfer-expiry sweep, the R18 settlement schedule, the R21/R22 reconcilers and the follow-up
 * reactor (R6, R12); the
 * projection runner comes with the read models (libs/projections). No routes: the composition
 * root (apps/server) gives a process its role, and a worker alone serves only health and metrics.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    const providers: Provider[] = [
      TransferExpiryScheduler,
      PaymentFollowUpReactor,
      SettlementScheduler,
      ReconcilerScheduler,
      // Under the test clock a worker alone follows the clock's moves; with LEDGER_ROLE=all the
      // process that receives the move runs the due work itself (DESIGN.md §6).
      ...(config.testClock && config.role === 'worker' ? [ClockMoveDueWork] : []),
    ];
    return {
      module: WorkerModule,
      imports: [PaymentServicesModule],
      providers,
      exports: [PaymentFollowUpReactor],
    };
  }
}
