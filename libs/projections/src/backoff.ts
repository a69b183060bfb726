export interface BackoffSettings {
  /** Delay before the first restart (default 100 ms). */
  readonly initialMs: number;
  /** The delay doubles after each failed restart up to this bound (default 5,000 ms). */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 100, maxMs: 5_000 };

/** Bounded exponential backoff whose pending wait can be cut short (on stop). */
export class Backoff {
  private delayMs: number;
  private cancelPending: (() => void) | undefined;

  constructor(private readonly settings: BackoffSettings) {
    this.delayMs = settings.initialMs;
  }

  /** Waits the current delay, then doubles it (up to the bound). */
  wait(): Promise<void> {
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.settings.maxMs);
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.cancelPending = undefined;
        resolve();
      };
      // unref: a runner waiting to retry must not keep the process alive on its own.
      const timer = setTimeout(done, delayMs).unref();
      this.cancelPending = done;
    });
  }

  /** Back to the initial delay: the last restart worked. */
  reset(): void {
    this.delayMs = this.settings.initialMs;
  }

  /** Ends a pending wait now. */
  cancel(): void {
    this.cancelPending?.();
  }
}
