import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CLOCK, ManualClock, type Clock } from '@lib/common';
import { systemMeta } from '@lib/commands';
import { LIMITS } from '@lib/limits';
import { TransferExpirySweep } from '@lib/payments';

/**
 * Runs the R5 sweep outside the request path: once at start-up (catching up on every transfer that
 * fell due while the service was down), then every LIMITS.transfers.expirySweepIntervalMs (5 s). The payer never waits for it: the refresh
 * button expires a late transfer itself, and the guard (R6) stops blocking at the deadline anyway.
 *
 * The timer is unref'd and stopped in onModuleDestroy, which waits for a run in progress: this
 * module is destroyed before the read models it reads (a module it imports), so a run is never cut
 * off by a closed file. With a ManualClock the schedule stays off: whoever moves that clock runs
 * the due work (PUT /v1/test-clock does), as for the settlement schedule.
 */
@Injectable()
export class TransferExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TransferExpiryScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sweep: TransferExpirySweep,
  ) {}

  onApplicationBootstrap(): void {
    if (this.clock instanceof ManualClock) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), LIMITS.transfers.expirySweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run; skipped while the previous one is still going. */
  private tick(): void {
    if (this.running !== null) return;
    this.running = this.run().finally(() => {
      this.running = null;
    });
  }

  private async run(): Promise<void> {
    try {
      const expired = await this.sweep.runOnce(systemMeta('transfer-expiry-sweep'));
      if (expired.length > 0) this.logger.log(`Expired ${expired.length} bank transfer(s)`);
    } catch (error) {
      // The next run retries; meanwhile the payer's refresh button still expires a late transfer.
      this.logger.error(
        'The transfer-expiry sweep failed; the next run retries',
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
