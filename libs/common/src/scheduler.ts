/**
 * Waiting, as a port: the services that processes use never call `setTimeout` themselves, so a
 * deterministic simulator (or a unit test) can run them on simulated time (STYLE.md "Simulate, do
 * not hope").
 */
export interface Scheduler {
  /**
   * Resolves after `ms` milliseconds of this scheduler's time, or at once when `signal` aborts
   * (the caller has moved on; nothing is left waiting).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SCHEDULER = Symbol('Scheduler');

/** Real time, with timers that never keep the process alive on their own. */
export class RealTimeScheduler implements Scheduler {
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      signal?.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}

/** Time that moves only when a test moves it: sleeps end in the order they fall due. */
export class ManualScheduler implements Scheduler {
  private nowMs = 0;
  private readonly sleepers: { dueMs: number; wake: () => void }[] = [];

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve();
      const sleeper = { dueMs: this.nowMs + Math.max(0, ms), wake: resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Sleeps not yet ended. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Moves time on by `ms`, ending every sleep that falls due, earliest first. */
  advance(ms: number): void {
    this.nowMs += ms;
    const due = this.sleepers
      .filter((sleeper) => sleeper.dueMs <= this.nowMs)
      .sort((a, b) => a.dueMs - b.dueMs);
    for (const sleeper of due) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      sleeper.wake();
    }
  }
}

/**
 * Lets the event loop serve what is waiting (requests, timers, I/O) before a long piece of work
 * goes on (issue 12: the loop is for requests). Long reads — a close's scan, a projection's
 * catch-up — await it between pages, so none holds the loop for more than one page.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
