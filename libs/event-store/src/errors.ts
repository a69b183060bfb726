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

/**
 * An event id in the append is already stored, and the append is not a retry of the append that
 * stored it (a retry repeats the same ids, in the same order, to the same stream). Nothing was
 * written. Event ids are unique across the whole store.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';

  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`Event id ${eventId} is already stored; the append to ${streamId} is not a retry of it`);
  }
}

/** The subscription ended (unsubscribed or store closed) before it caught up. */
export class SubscriptionEndedError extends Error {
  override readonly name = 'SubscriptionEndedError';
  constructor() {
    super('The subscription ended before it caught up');
  }
}
