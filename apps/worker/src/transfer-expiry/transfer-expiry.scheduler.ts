import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { systemMeta } from '@lib/commands';
import { CLOCK, ManualClock, type Clock } from '@lib/common';
import { LIMITS } from '@lib/limits';
import { TransferExpirySweep } from '@lib/payments';
import { RecurringJob } from '../schedule/recurring-job';

/**
 * Runs the R5 sweep outside the request path: once at start-up (catching up on every transfer that
 * fell due while the service was down), then every `LIMITS.transfers.expirySweepIntervalMs`. The
 * payer never waits for it: the refresh button expires a late transfer itself, and the guard (R6)
 * stops blocking at the deadline anyway.
 *
 * Stopped in onModuleDestroy, which waits for a run in progress: this module is destroyed before
 * the read models it reads (a module it imports), so a run is never cut off by a closed file. With
 * a ManualClock the schedule stays off: whoever moves that clock runs the due work.
 */
@Injectable()
export class TransferExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TransferExpiryScheduler.name);
  private readonly job: RecurringJob;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    sweep: TransferExpirySweep,
  ) {
    this.job = new RecurringJob(this.logger, 'The transfer-expiry sweep', async () => {
      const expired = await sweep.runOnce(systemMeta('transfer-expiry-sweep'));
      if (expired.length > 0) this.logger.log(`Expired ${expired.length} bank transfer(s)`);
    });
  }

  onApplicationBootstrap(): void {
    if (this.clock instanceof ManualClock) return;
    this.job.every(LIMITS.transfers.expirySweepIntervalMs);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
