import {
  storageFaultOf,
  type StorageFaultKind,
  type StorageUnavailableError,
} from '@lib/event-store';
import { httpProblem } from './problem-catalog';
import type { ProblemException } from './problem.exception';

/** When a retry may succeed: a held lock clears in a moment; a full or read-only disk needs a person. */
const RETRY_AFTER_SECONDS: Readonly<Record<StorageFaultKind, number>> = {
  BUSY: 1,
  FULL: 30,
  READ_ONLY: 30,
  IO_ERROR: 30,
  CANT_OPEN: 30,
};

/**
 * A storage fault (disk full, read-only, I/O error, lock timeout) as the answer it deserves: 503
 * STORAGE_UNAVAILABLE with Retry-After, not a 500, for it is no bug and the same request (with the
 * same Idempotency-Key) may succeed later. The store wrote nothing of the failed append; the fault
 * itself goes to the log, never to the client.
 */
export function storageProblemOf(thrown: unknown): ProblemException | undefined {
  const fault = faultIn(thrown);
  if (fault === undefined) return undefined;
  return httpProblem(
    'STORAGE_UNAVAILABLE',
    {},
    { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS[fault.kind]) }, cause: fault },
  );
}

/** The fault itself, or one a few `cause` links down (a service may wrap what the store threw). */
function faultIn(thrown: unknown): StorageUnavailableError | undefined {
  let error = thrown;
  for (let depth = 0; depth < 4 && typeof error === 'object' && error !== null; depth += 1) {
    const fault = storageFaultOf(error);
    if (fault !== undefined) return fault;
    error = (error as { readonly cause?: unknown }).cause;
  }
  return undefined;
}
