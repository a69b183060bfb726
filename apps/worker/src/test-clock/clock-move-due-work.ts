import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { systemMeta } from '@lib/commands';
import { TestClockStream } from '@lib/infrastructure';
import { DueWork } from '@lib/payments';

/**
 * A worker on its own (LEDGER_ROLE=worker) under the test clock: the schedules stay off (the clock
 * stands still between moves), so the worker runs the due work whenever it sees the clock move,
 * whichever process moved it. Runs one at a time; moves seen during a run ask for one more run.
 */
@Injectable()
export class ClockMoveDueWork implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClockMoveDueWork.name);
  private stopListening: (() => void) | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly clock: TestClockStream,
    private readonly due: DueWork,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.clock.onMove(() => this.tick());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopListening?.();
    this.again = false;
    await this.running;
  }

  private tick(): void {
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.tick();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      const done = await this.due.runAll(systemMeta('test-clock-worker'));
      if (done.transfersExpired.length + done.settlementsClosed.length > 0) {
        this.logger.log(
          `After the clock moved: expired ${done.transfersExpired.length} transfer(s), ` +
            `closed ${done.settlementsClosed.join(', ') || 'no day'}`,
        );
      }
    } catch (error) {
      this.logger.error(
        'The due work after a clock move failed; the next move retries',
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
