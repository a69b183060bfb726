import type { Logger } from '@nestjs/common';

/**
 * One kind of the worker's work, run outside the request path: on a timer (`every`), on demand
 * (`runSoon`, e.g. when the test clock moves), never two runs at once. A run asked for while one is
 * going happens once more right after it. A failed run is logged and the next one retries. `stop`
 * ends the timer and waits for the run in progress, so shutdown never cuts a run off; the timer is
 * unref'd, so it never keeps a process (or a test) alive on its own.
 */
export class RecurringJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    /** What failed, for the log: "The transfer-expiry sweep". */
    private readonly what: string,
    private readonly work: () => Promise<void>,
  ) {}

  /** Runs now, then every `intervalMs`. */
  every(intervalMs: number): void {
    this.runSoon();
    this.timer = setInterval(() => this.runSoon(), intervalMs);
    this.timer.unref();
  }

  runSoon(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.runSoon();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      await this.work();
    } catch (error) {
      this.logger.error(
        `${this.what} failed; the next run retries`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
