import { randomUUID } from 'node:crypto';
import type {
  EventData,
  EventStore,
  JsonValue,
  RecordedEvent,
  Subscription,
} from '../../src/event-store.port';

/** Builds the store under test; called before every test, closed after it. */
export type EventStoreFactory = () => EventStore | Promise<EventStore>;

/** Gives the tests the store of the running test. */
export type StoreOfTest = () => EventStore;

/**
 * A stream name no other test (or earlier run against a shared server) uses, so that the suite
 * holds on a store that is not empty: assertions on `$all` look only at the test's own events.
 */
export function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

export function anEvent(type = 'ThingHappened', data: JsonValue = {}): EventData {
  return { id: randomUUID(), type, data };
}

export function someEvents(count: number, type = 'ThingHappened'): EventData[] {
  return Array.from({ length: count }, (_, i) => anEvent(type, { i }));
}

export function idsOf(events: readonly { readonly id?: string }[]): (string | undefined)[] {
  return events.map((event) => event.id);
}

/** Takes the next `count` events of a subscription (waiting for live ones as needed). */
export async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  while (events.length < count) {
    const next = await iterator.next();
    if (next.done === true) throw new Error(`The subscription ended after ${events.length} events`);
    events.push(next.value);
  }
  return events;
}

/** Consumes a subscription in the background, as a projection would. */
export function consume(subscription: Subscription): {
  readonly received: RecordedEvent[];
  readonly ended: Promise<void>;
} {
  const received: RecordedEvent[] = [];
  const ended = (async () => {
    for await (const event of subscription) received.push(event);
  })();
  return { received, ended };
}

export function isStrictlyIncreasing(values: readonly bigint[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] ?? value));
}

export function positionsOf(events: readonly RecordedEvent[]): bigint[] {
  return events.map((event) => event.position.commit);
}

/** Takes events until the one with `id` (included); fails if the subscription ends first. */
export async function takeUntil(
  iterator: AsyncIterator<RecordedEvent>,
  id: string | undefined,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const [event] = await take(iterator, 1);
    if (event === undefined) continue;
    events.push(event);
    if (event.id === id) return events;
  }
}
