/** What the store benchmarks do with the SQLite adapter (shared by `npm run bench` and bench:store). */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventStore, Position } from '@lib/event-store';

const data = {
  paymentId: 'p-1001',
  items: [{ court: '서울중앙지방법원', caseNumber: '2024가합12345', feeKrw: 1000 }],
  amountKrw: 1000,
};
const metadata = { actor: { role: 'client', id: 'm-1001' }, schemaVersion: 1 };

export interface AppendRun {
  readonly perSecond: number;
  /** How long each append waited for its durable commit. */
  readonly latenciesMs: readonly number[];
}

/**
 * `callers` concurrent callers for `seconds`, each awaiting its own single-event append to its own
 * stream with the expected revision (group commit shares one fsync between those in one turn).
 */
export async function adapterAppends(
  store: EventStore,
  callers: number,
  seconds: number,
): Promise<AppendRun> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  const counts = await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const streamId = `payment-${caller}-${randomUUID()}`;
      let expectedRevision: bigint | 'no_stream' = 'no_stream';
      let count = 0;
      while (performance.now() < deadline) {
        const sent = performance.now();
        const event = { type: 'PaymentRequested', data, metadata };
        ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(
          streamId,
          [event],
          { expectedRevision },
        ));
        latenciesMs.push(performance.now() - sent);
        count += 1;
      }
      return count;
    }),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  return { perSecond: total / ((performance.now() - started) / 1_000), latenciesMs };
}

/** Pages through `$all` with the port; events/s and how many events it read. */
export async function adapterScan(
  store: EventStore,
  page: number,
): Promise<{ perSecond: number; events: number }> {
  const started = performance.now();
  let events = 0;
  let batch = await store.readAll({ maxCount: page });
  while (batch.length > 0) {
    events += batch.length;
    const last: Position | undefined = batch.at(-1)?.position;
    if (last === undefined) break;
    // Inclusive: each later page starts with the last event of the page before.
    batch = (await store.readAll({ fromPosition: last, maxCount: page + 1 })).slice(1);
  }
  return { perSecond: events / ((performance.now() - started) / 1_000), events };
}
