import type { Position } from '@lib/event-store';
import { formatPosition } from './position';

/** `waitForPosition` gave up: the read models had not reached the position in time. */
export class WaitForPositionTimeoutError extends Error {
  override readonly name = 'WaitForPositionTimeoutError';

  constructor(
    readonly position: Position,
    readonly timeoutMs: number,
    /** The lowest checkpoint when the wait gave up. */
    readonly reached: Position | null,
  ) {
    super(
      `The read models did not reach ${formatPosition(position)} within ${timeoutMs} ms` +
        ` (they are at ${formatPosition(reached)})`,
    );
  }
}

/** The runner was stopped while a caller waited for it. */
export class ProjectionRunnerStoppedError extends Error {
  override readonly name = 'ProjectionRunnerStoppedError';
  constructor() {
    super('The projection runner stopped');
  }
}

/**
 * A projection threw while applying an event: a bug (or an event its code cannot read). The batch
 * was rolled back and the runner stopped; retrying would fail the same way on the same event.
 */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';

  constructor(
    readonly projection: string,
    readonly eventType: string,
    readonly streamId: string,
    readonly position: Position,
    override readonly cause: unknown,
  ) {
    super(
      `Projection ${projection} failed on ${eventType} of ${streamId} at ${formatPosition(position)}:` +
        ` ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
