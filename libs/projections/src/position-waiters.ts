import type { Position } from '@lib/event-store';
import { WaitForPositionTimeoutError } from './errors';
import { hasReached } from './position';

interface Waiter {
  readonly position: Position;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/**
 * Callers waiting for the read models to reach a position. The runner calls `release` after each
 * commit, so a waiter resolves as soon as its event is applied, with no polling.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /**
   * Resolves once `release` reports `position` reached; rejects after `timeoutMs` (none when
   * Infinity). `reached` reports the current checkpoint for the timeout's message.
   */
  wait(position: Position, timeoutMs: number, reached: () => Position | null): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => {
            this.waiters.delete(waiter);
            reject(new WaitForPositionTimeoutError(position, timeoutMs, reached()));
          }, timeoutMs)
        : undefined;
      const waiter: Waiter = { position, resolve, reject, timer };
      this.waiters.add(waiter);
    });
  }

  /** Resolves every waiter whose position `checkpoint` has reached. */
  release(checkpoint: Position | null): void {
    for (const waiter of this.waiters) {
      if (!hasReached(checkpoint, waiter.position)) continue;
      this.settle(waiter);
      waiter.resolve();
    }
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) {
      this.settle(waiter);
      waiter.reject(error);
    }
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
