import { join } from 'node:path';
import { openSqliteEventStore } from '@lib/event-store';
import { count, latencies, ratio } from '../support/format';
import { progress } from '../support/progress';
import { rawWriter } from '../support/raw-sqlite';
import { alternate } from '../support/rounds';
import type { BenchSection } from '../support/section';
import { latenciesOf, median } from '../support/stats';
import { adapterAppends } from '../support/store-workloads';

const MEASURE = 'store appends/s, 64 callers';

/**
 * Row 1: the SQLite adapter under concurrent single-event appends against raw better-sqlite3
 * doing as many INSERTs per transaction as there are callers (the ceiling for group commit), each
 * on a fresh file, in alternating rounds; the row shows medians.
 */
export const storeAppendsSection: BenchSection = {
  name: 'store',
  measures: [MEASURE],
  needsBuild: false,
  async run({ flags, temp, note }) {
    const { storeCallers: callers, rounds } = flags;
    const seconds = flags.storeSeconds / rounds;
    const dir = temp.make('store');
    const store = openSqliteEventStore({ path: join(dir, 'adapter.sqlite') });
    const raw = rawWriter(join(dir, 'raw.sqlite'), callers);
    try {
      progress(`store: ${rounds} round(s) of ${seconds.toFixed(1)} s per side, ${callers} callers`);
      await adapterAppends(store, callers, 1); // warm-up
      raw.run(0.5);
      const runs = await alternate(
        rounds,
        () => adapterAppends(store, callers, seconds),
        () => raw.run(seconds),
      );
      const ours = median(runs.ours.map((run) => run.perSecond));
      const baseline = median(runs.baseline);
      const { p50Ms, p99Ms } = latenciesOf(runs.ours.flatMap((run) => run.latenciesMs));
      note(
        `store: medians of ${rounds} alternating round(s) of ${seconds.toFixed(1)} s; p50/p99 is ` +
          "each caller's wait for its durable append.",
      );
      return [
        {
          measure: callers === 64 ? MEASURE : `store appends/s, ${callers} callers`,
          ours: `${count(ours)}/s`,
          baseline: `${count(baseline)}/s (raw, ${callers} INSERTs per transaction)`,
          ratio: ratio(ours, baseline),
          latency: latencies(p50Ms, p99Ms),
        },
      ];
    } finally {
      await store.close();
      raw.close();
    }
  },
};
