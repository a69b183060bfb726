import { START, type EventStore, type Position, type RecordedEvent } from '@lib/event-store';

/** Events read from the store per round trip when a reader walks the log. */
export const LOG_PAGE_SIZE = 1_000;

function after(a: Position, b: Position): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}

/**
 * Up to `count` events strictly after `from` (null: from the start of the log). A forward read
 * from a position includes the event at it, so that one is dropped here.
 */
export async function readLogAfter(
  store: Pick<EventStore, 'readAll'>,
  from: Position | null,
  count: number,
): Promise<RecordedEvent[]> {
  if (from === null) return store.readAll({ fromPosition: START, maxCount: count });
  const events = await store.readAll({ fromPosition: from, maxCount: count + 1 });
  return events.filter((event) => after(event.position, from)).slice(0, count);
}

/**
 * The log in order, a page at a time, from after `from` until (and including) the commit position
 * `until` when given: a long log is never held in memory.
 */
export async function* walkLog(
  store: Pick<EventStore, 'readAll'>,
  options: { readonly from?: Position | null; readonly until?: bigint } = {},
): AsyncGenerator<RecordedEvent[]> {
  let from = options.from ?? null;
  for (;;) {
    const page = await readLogAfter(store, from, LOG_PAGE_SIZE);
    const wanted =
      options.until === undefined
        ? page
        : page.filter((event) => event.position.commit <= options.until!);
    if (wanted.length > 0) yield wanted;
    const last = page.at(-1);
    if (last === undefined || page.length < LOG_PAGE_SIZE || wanted.length < page.length) return;
    from = last.position;
  }
}
