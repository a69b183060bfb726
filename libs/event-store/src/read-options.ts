import {
  END,
  START,
  type Direction,
  type ReadAllOptions,
  type ReadStreamOptions,
} from './event-store.port';

/** Largest value of a SQLite INTEGER: "no upper bound" for revisions and positions. */
export const MAX_INT64 = 9223372036854775807n;

/**
 * A read resolved to plain numbers: `bound` is inclusive (the first revision or position to
 * return), or `undefined` when nothing can match (forwards from `end`, backwards from `start`
 * of `$all`). `limit` is `undefined` for no limit.
 */
export interface ResolvedRead {
  readonly direction: Direction;
  readonly bound: bigint | undefined;
  readonly limit: number | undefined;
}

export function resolveStreamRead(options: ReadStreamOptions = {}): ResolvedRead {
  const direction = resolveDirection(options.direction);
  const from = options.fromRevision ?? (direction === 'forwards' ? START : END);
  const limit = resolveLimit(options.maxCount);
  if (typeof from === 'bigint') {
    if (from < 0n) throw new TypeError(`A revision is never negative: ${from}`);
    return { direction, bound: from, limit };
  }
  if (direction === 'forwards') return { direction, bound: from === START ? 0n : undefined, limit };
  // Backwards from `start` is revision 0 alone, as in EventStoreDB: the bound is inclusive.
  return { direction, bound: from === START ? 0n : MAX_INT64, limit };
}

export function resolveAllRead(options: ReadAllOptions = {}): ResolvedRead {
  const direction = resolveDirection(options.direction);
  const from = options.fromPosition ?? (direction === 'forwards' ? START : END);
  const limit = resolveLimit(options.maxCount);
  if (direction === 'forwards') {
    if (from === START) return { direction, bound: 0n, limit };
    return { direction, bound: from === END ? undefined : from.commit, limit };
  }
  if (from === END) return { direction, bound: MAX_INT64, limit };
  // Backwards from a position is exclusive in EventStoreDB (see ReadAllOptions).
  return { direction, bound: from === START ? undefined : from.commit - 1n, limit };
}

function resolveDirection(direction: Direction | undefined): Direction {
  if (direction === undefined || direction === 'forwards' || direction === 'backwards') {
    return direction ?? 'forwards';
  }
  throw new TypeError(`Not a direction: ${String(direction)}`);
}

function resolveLimit(maxCount: number | undefined): number | undefined {
  if (maxCount === undefined) return undefined;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) {
    throw new TypeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  }
  return maxCount;
}
