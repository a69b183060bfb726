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
import { RecurringJob } from '../schedule/recurring-job';

/**
 * Runs the settlement job (R18) outside the request path: once at start-up (catching up after
 * downtime and repairing report files), then every 30 s. The timer is unref'd and stopped before
 * shutdown, and shutdown waits for a run in progress, so neither a process nor a test is kept
 * alive or cut off mid-close.
 *
 * A ManualClock (tests, LEDGER_TEST_CLOCK) only moves when someone moves it, and whoever moves it
 * runs the due work itself (PUT /v1/test-clock does): a timer would only close days behind a test's
 * back, so with a ManualClock the schedule stays off, and only the start-up repair of report files
 * runs.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SettlementScheduler.name);
  private readonly job: RecurringJob;
  /** The start-up repair alone, for a ManualClock (no schedule). */
  private readonly repair: RecurringJob;
  private repaired = false;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    due: DueSettlements,
  ) {
    this.repair = new RecurringJob(this.logger, 'The repair of settlement files', () =>
      due.repairFiles(),
    );
    this.job = new RecurringJob(this.logger, 'The settlement run', async () => {
      if (!this.repaired) {
        await due.repairFiles();
        this.repaired = true;
      }
      const closed = await due.closeDue(systemMeta('settlement-scheduler'));
      if (closed.length > 0) this.logger.log(`Closed the settlement of ${closed.join(', ')}`);
    });
  }

  onApplicationBootstrap(): void {
    if (this.clock instanceof ManualClock) {
      // The repair closes nothing: it rewrites the files of days the log shows closed, which a
      // crash between a close and its files left missing (found by the chaos loop, issue 13).
      this.repair.runSoon();
      return;
    }
    this.job.every(LIMITS.settlement.scheduleIntervalMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.job.stop(), this.repair.stop()]);
  }
}
