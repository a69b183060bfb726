import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSqliteEventStore } from '@lib/event-store';
import { ALL_PROJECTIONS, rebuildReadModelFile } from '@lib/projections';
import { count, ratio, seconds } from '../support/format';
import { fillStore, kst } from '../support/log-file';
import { progress } from '../support/progress';
import { meanScan, rawScan } from '../support/raw-sqlite';
import type { BenchSection } from '../support/section';

const MEASURE = 'projection rebuild';

/**
 * Row 4: every projection of the read-model file rebuilt (rebuildReadModelFile: into a scratch
 * file swapped in at the end, as `npx ledger rebuild` does) from a generated log of N events in a SQLite store file, against a raw scan of
 * the same file that parses each event's data and metadata and does nothing else.
 */
export const projectionRebuildSection: BenchSection = {
  name: 'rebuild',
  measures: [MEASURE],
  needsBuild: false,
  async run({ flags, temp, note }) {
    const dir = temp.make('rebuild');
    const path = join(dir, 'events.sqlite');
    const wanted = flags.rebuildEvents;
    progress(`rebuild: generating a log of ${count(wanted)} events`);
    const writer = openSqliteEventStore({ path });
    const written = await fillStore(
      writer,
      { seed: 4, start: kst('2026-03-02T08:00'), stepMs: 45_000, members: 20_000, prefix: 'rb' },
      (history) => history.events >= wanted,
      'rebuild',
    ).finally(() => writer.close());
    // Raw scans before and after bracket ours; the first also warms the page cache for both.
    const rawBefore = rawScan(path);
    progress('rebuild: rebuildReadModelFile of every projection');
    const store = openSqliteEventStore({ path });
    let rebuilt: { events: number; seconds: number };
    try {
      const started = performance.now();
      const report = await rebuildReadModelFile({
        store,
        file: join(dir, 'read-models.sqlite'),
        projections: ALL_PROJECTIONS,
      });
      rebuilt = { events: report.eventsDone, seconds: (performance.now() - started) / 1_000 };
    } finally {
      await store.close();
    }
    progress('rebuild: raw SELECT + JSON.parse of the same file');
    const raw = meanScan(rawBefore, rawScan(path));
    note(
      `rebuild: ${count(written.events)} events of ${count(written.payments)} generated payments; ` +
        `projections ${ALL_PROJECTIONS.map((projection) => projection.name).join(', ')}.`,
    );
    const ours = rebuilt.events / rebuilt.seconds;
    const baseline = raw.events / raw.seconds;
    return [
      {
        measure: `${MEASURE}, ${count(written.events)} events`,
        ours: `${count(ours)} events/s (${seconds(rebuilt.seconds)})`,
        baseline: `${count(baseline)} events/s (raw SELECT + JSON.parse, ${seconds(raw.seconds)})`,
        ratio: ratio(ours, baseline),
      },
    ];
  },
};
