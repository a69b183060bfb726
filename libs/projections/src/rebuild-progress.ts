import type { Position } from '@lib/event-store';

export interface RebuildReport {
  /** Events read from the log (applied or skipped). */
  readonly eventsDone: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

export interface RebuildProgress extends RebuildReport {
  /** Position of the last event applied. */
  readonly position: Position | null;
  /**
   * The log's last position when the rebuild began. On the embedded stores positions count
   * events (1, 2, 3…), so it is also the number of events to replay; on EventStoreDB it is a byte
   * offset, and `position / end` is still the fraction done.
   */
  readonly end: Position | null;
}

export interface RebuildOptions {
  /** Called after each committed batch. */
  readonly onProgress?: (progress: RebuildProgress) => void;
}

export function rebuildReport(eventsDone: number, elapsedMs: number): RebuildReport {
  const eventsPerSecond = elapsedMs > 0 ? Math.round((eventsDone * 1000) / elapsedMs) : 0;
  return { eventsDone, elapsedMs, eventsPerSecond };
}
