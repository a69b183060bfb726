import { ManualClock, type Scheduler } from '@lib/common';

/** Lets every task that can make progress now do so (microtasks and the event loop's turns). */
export async function flush(turns = 4): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

interface Sleeper {
  readonly dueMs: number;
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * Simulated time: one clock for the ledger (a ManualClock) and the scheduler its processes sleep
 * on, moved together by the simulator only. Sleepers wake in the order they fall due (ties in the
 * order they slept), each with the clock at its due instant.
 */
export class SimTime implements Scheduler {
  readonly clock: ManualClock;
  private elapsedMs = 0;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start: string) {
    this.clock = new ManualClock(start);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve();
      const sleeper = {
        dueMs: this.elapsedMs + Math.max(0, ms),
        seq: (this.seq += 1),
        wake: resolve,
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          resolve();
        },
        { once: true },
      );
    });
  }

  get pending(): number {
    return this.sleepers.length;
  }

  /** Moves time on by `ms`, waking the sleepers in due order and letting each run. */
  async advance(ms: number): Promise<void> {
    const target = this.elapsedMs + ms;
    for (;;) {
      const next = [...this.sleepers]
        .filter((sleeper) => sleeper.dueMs <= target)
        .sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.moveTo(next.dueMs);
      this.sleepers = this.sleepers.filter((sleeper) => sleeper !== next);
      next.wake();
      await flush();
    }
    this.moveTo(target);
    await flush();
  }

  private moveTo(elapsedMs: number): void {
    if (elapsedMs <= this.elapsedMs) return;
    this.clock.advance({ milliseconds: elapsedMs - this.elapsedMs });
    this.elapsedMs = elapsedMs;
  }
}
