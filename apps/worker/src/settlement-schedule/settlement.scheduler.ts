import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, ManualClock, type Clock } from '@lib/common';
import { systemMeta } from '@lib/commands';
import { LIMITS } from '@lib/limits';
import { DueSettlements } from '@lib/settlement';

/**
 * Runs the settlement job (R18) outside the request path: once at start-up (catching up after
 * downtime and repairing report files), then every 30 s. The timer is unref'd and stopped before
 * shutdown, and shutdown waits for a run in progress, so neither a process nor a test is kept
 * alive or cut off mid-close.
 *
 * A ManualClock (tests, LEDGER_TEST_CLOCK) only moves when someone moves it, and whoever moves it
 * runs the due work itself (PUT /v1/test-clock does): a timer would only close days behind a test's
 * back, so with a ManualClock the schedule stays off.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SettlementScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly due: DueSettlements,
  ) {}

  onApplicationBootstrap(): void {
    if (this.clock instanceof ManualClock) return;
    this.tick(true);
    this.timer = setInterval(() => this.tick(false), LIMITS.settlement.scheduleIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run; skipped while the previous one is still going. */
  private tick(startUp: boolean): void {
    if (this.running !== null) return;
    this.running = this.run(startUp).finally(() => {
      this.running = null;
    });
  }

  private async run(startUp: boolean): Promise<void> {
    try {
      if (startUp) await this.due.repairFiles();
      const closed = await this.due.closeDue(systemMeta('settlement-scheduler'));
      if (closed.length > 0) this.logger.log(`Closed the settlement of ${closed.join(', ')}`);
    } catch (error) {
      // The next run retries; a day stays open (and cancellable only on its own day) meanwhile.
      this.logger.error(
        'The settlement run failed; the next run retries',
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
