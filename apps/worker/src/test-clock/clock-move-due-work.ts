import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { systemMeta } from '@lib/commands';
import { TestClockStream } from '@lib/infrastructure';
import { DueWork } from '@lib/payments';
import { RecurringJob } from '../schedule/recurring-job';

/**
 * A worker on its own (LEDGER_ROLE=worker) under the test clock: the schedules stay off (the clock
 * stands still between moves), so the worker runs the due work whenever it sees the clock move,
 * whichever process moved it (one run at a time; moves seen during a run ask for one more).
 */
@Injectable()
export class ClockMoveDueWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockMoveDueWork.name);
  private readonly job: RecurringJob;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly clock: TestClockStream,
    due: DueWork,
  ) {
    this.job = new RecurringJob(this.logger, 'The due work after a clock move', async () => {
      const done = await due.runAll(systemMeta('test-clock-worker'));
      if (done.transfersExpired.length + done.settlementsClosed.length > 0) {
        this.logger.log(
          `After the clock moved: expired ${done.transfersExpired.length} transfer(s), ` +
            `closed ${done.settlementsClosed.join(', ') || 'no day'}`,
        );
      }
    });
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.clock.onMove(() => this.job.runSoon());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    await this.job.stop();
  }
}
