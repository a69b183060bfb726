import { WrongExpectedVersionError } from './errors';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  type CurrentRevision,
  type ExpectedRevision,
} from './event-store.port';

/** Throws `WrongExpectedVersionError` unless a stream at `current` satisfies `expected`. */
export function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  current: CurrentRevision,
): void {
  if (!satisfies(expected, current)) {
    throw new WrongExpectedVersionError(streamId, expected, current);
  }
}

function satisfies(expected: ExpectedRevision, current: CurrentRevision): boolean {
  switch (expected) {
    case ANY:
      return true;
    case NO_STREAM:
      return current === NO_STREAM;
    case STREAM_EXISTS:
      return current !== NO_STREAM;
    default:
      return current === expected;
  }
}

export function assertValidExpectedRevision(expected: ExpectedRevision): void {
  const valid =
    expected === ANY ||
    expected === NO_STREAM ||
    expected === STREAM_EXISTS ||
    (typeof expected === 'bigint' && expected >= 0n);
  if (!valid) {
    throw new TypeError(`Not an expected revision: ${String(expected)}`);
  }
}
