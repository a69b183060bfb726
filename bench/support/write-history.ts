import type { EventStore } from '@lib/event-store';
import type { HistoryAppend, PaymentHistory } from './payment-history';

/** Appends in flight at once: the store's group commit puts them in one transaction. */
const IN_FLIGHT = 512;

/**
 * Runs the history until `done` and writes its appends through the store adapter, in order, with
 * their expected revisions. Appends are issued without waiting, a few hundred at a time, so group
 * commit shares one fsync between them (writing a large log one fsync per event would take minutes).
 */
export async function writeHistory(
  store: EventStore,
  history: PaymentHistory,
  done: (history: PaymentHistory) => boolean,
): Promise<void> {
  let pending: Promise<unknown>[] = [];
  while (!done(history)) {
    for (const append of history.step()) pending.push(appendOne(store, append));
    if (pending.length >= IN_FLIGHT) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

function appendOne(store: EventStore, { streamId, events, expectedRevision }: HistoryAppend) {
  return store.appendToStream(streamId, events, { expectedRevision });
}
