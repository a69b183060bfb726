import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { systemMeta } from '@lib/commands';
import { CLOCK, LEDGER_CONFIG, ManualClock, type Clock, type LedgerConfig } from '@lib/common';
import {
  ATTR_CORRELATION_ID,
  ATTR_RECONCILED_CANCELLATIONS,
  ATTR_RECONCILED_VOIDS,
  inSpan,
} from '@lib/observability';
import { ApprovalVoids, CancellationReconciler } from '@lib/payments';
import { RecurringJob } from '../schedule/recurring-job';

/**
 * Runs the reconcilers (R21 cancellations, R22 voids) every LEDGER_RECONCILE_INTERVAL_SECONDS,
 * and once at start-up, so what a crashed process left at the PG is settled soon after. Both look
 * only at calls older than the PG deadline plus a margin, so running them in several workers, or
 * beside a request still waiting for the PG, never asks about a call in flight. With a ManualClock
 * the schedule stays off: whoever moves the test clock runs them (the due work).
 */
@Injectable()
export class ReconcilerScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReconcilerScheduler.name);
  private readonly job: RecurringJob;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    cancellations: CancellationReconciler,
    voids: ApprovalVoids,
  ) {
    this.job = new RecurringJob(this.logger, 'The reconcilers', async () => {
      const meta = systemMeta('reconciler');
      // A trace of its own per run: the PG calls and the commands of the run nest under it.
      const { reconciled, voided } = await inSpan(
        'reconciler run',
        { [ATTR_CORRELATION_ID]: meta.correlationId },
        async (span) => {
          const settled = {
            reconciled: await cancellations.reconcileDue(meta),
            voided: await voids.reconcileDue(meta),
          };
          span.setAttributes({
            [ATTR_RECONCILED_CANCELLATIONS]: settled.reconciled.length,
            [ATTR_RECONCILED_VOIDS]: settled.voided.length,
          });
          return settled;
        },
        { root: true },
      );
      if (reconciled.length + voided.length > 0) {
        this.logger.log(
          `Settled ${reconciled.length} cancellation(s) and ${voided.length} void(s) with the PG`,
        );
      }
    });
  }

  onApplicationBootstrap(): void {
    if (this.clock instanceof ManualClock) return;
    this.job.every(this.config.reconcileIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
