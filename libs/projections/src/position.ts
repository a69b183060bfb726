import type { Position } from '@lib/event-store';

/** Orders positions of `$all` as EventStoreDB does: by commit, then prepare. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * Whether a checkpoint has reached `position`. `null` is a projection that has applied nothing;
 * it has reached nothing.
 */
export function hasReached(checkpoint: Position | null, position: Position): boolean {
  return checkpoint !== null && comparePositions(checkpoint, position) >= 0;
}

/** The lowest of the checkpoints; `null` when any of them is `null` (start of the log). */
export function lowestCheckpoint(checkpoints: readonly (Position | null)[]): Position | null {
  let lowest: Position | null = null;
  for (const checkpoint of checkpoints) {
    if (checkpoint === null) return null;
    if (lowest === null || comparePositions(checkpoint, lowest) < 0) lowest = checkpoint;
  }
  return lowest;
}

export function formatPosition(position: Position | null): string {
  return position === null ? 'start' : `${position.commit}/${position.prepare}`;
}
