import type { CurrentRevision, ExpectedRevision } from './event-store.port';

/** The stream did not match the writer's expected revision; nothing was written. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';

  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: CurrentRevision,
  ) {
    super(
      `Append to ${streamId} expected revision ${String(expectedRevision)} but the stream is at ${String(actualRevision)}`,
    );
  }
}

/** The store was used after `close()`. */
export class EventStoreClosedError extends Error {
  override readonly name = 'EventStoreClosedError';
  constructor() {
    super('The event store is closed');
  }
}
