import { join } from 'node:path';
import { completePayment, FreshIds, requestPayment } from '../support/api-requests';
import { count, latencies, ratio } from '../support/format';
import { LedgerServer } from '../support/ledger-server';
import { combineLoads, describeFailures, runLoad } from '../support/load';
import { progress } from '../support/progress';
import { rawWriter } from '../support/raw-sqlite';
import { alternate } from '../support/rounds';
import type { BenchSection } from '../support/section';
import { median } from '../support/stats';

const MEASURE = 'request + complete, 1 connection';

/**
 * Row 3: one client, one connection, each command waiting for the one before it: a card payment's
 * request, then its approval, again and again (commands/s). Every sequential command needs at
 * least one durable commit, so the baseline is raw SQLite with one INSERT per transaction, on the
 * same disk, in rounds that alternate with the server's.
 */
export const sequentialCommandsSection: BenchSection = {
  name: 'sequential',
  measures: [MEASURE],
  needsBuild: true,
  async run({ flags, temp, keys, note }) {
    const seconds = flags.sequentialSeconds / flags.rounds;
    const ids = new FreshIds();
    const server = await LedgerServer.start({ dataDir: temp.make('sequential'), keys });
    const raw = rawWriter(join(temp.make('sequential-raw'), 'raw.sqlite'), 1);
    try {
      const commands = (s: number) =>
        runLoad({
          url: server.url,
          connections: 1,
          seconds: s,
          requests: [requestPayment(keys, ids), completePayment(keys, ids)],
        });
      progress(
        `sequential: ${flags.rounds} round(s) of request + complete on 1 connection and raw ` +
          `INSERTs, ${seconds.toFixed(1)} s each`,
      );
      await commands(2);
      raw.run(0.5);
      const runs = await alternate(
        flags.rounds,
        () => commands(seconds),
        () => raw.run(seconds),
      );
      const ours = combineLoads(runs.ours);
      const baseline = median(runs.baseline);
      const failures = describeFailures(ours);
      if (failures !== null) note(`sequential: answers that were not 2xx: ${failures}`);
      return [
        {
          measure: MEASURE,
          ours: `${count(ours.okPerSecond)} commands/s`,
          baseline: `${count(baseline)}/s (raw, 1 INSERT per transaction)`,
          ratio: ratio(ours.okPerSecond, baseline),
          latency: latencies(ours.p50Ms, ours.p99Ms),
        },
      ];
    } finally {
      raw.close();
      await server.stop();
    }
  },
};
