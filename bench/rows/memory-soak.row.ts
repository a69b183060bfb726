import { FreshIds, requestPayment } from '../support/api-requests';
import { count } from '../support/format';
import { LedgerServer } from '../support/ledger-server';
import { runLoad } from '../support/load';
import { progress } from '../support/progress';
import type { BenchSection } from '../support/section';

const MEASURE = 'server RSS while payments stream through';

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/**
 * Row 7 (issue 12 point 6): RSS stays flat while events stream through a running server. One
 * server takes rounds of POSTs; its resident memory is read after each. Ours: the spread of the
 * rounds after the first (which fills the heap and SQLite's page caches); baseline: after the
 * first round. Flat means a ratio near 1 however many rounds run (`--soak-rounds 40` streams
 * about a million events).
 */
export const memorySoakSection: BenchSection = {
  name: 'soak',
  measures: [MEASURE],
  needsBuild: true,
  async run({ flags, temp, keys, note }) {
    const server = await LedgerServer.start({ dataDir: temp.make('soak'), keys });
    const ids = new FreshIds();
    const rss: number[] = [];
    let events = 0;
    try {
      for (let round = 1; round <= Math.max(2, flags.soakRounds); round += 1) {
        const result = await runLoad({
          url: server.url,
          connections: flags.connections,
          seconds: flags.soakSeconds,
          requests: [requestPayment(keys, ids)],
        });
        events += result.ok;
        rss.push(server.rssBytes());
        progress(`soak: round ${round}, ${count(events)} payments, RSS ${megabytes(rss.at(-1)!)}`);
      }
    } finally {
      await server.stop();
    }
    const [first, ...later] = rss;
    const low = Math.min(...later);
    const high = Math.max(...later);
    note(
      `soak: ${rss.length} rounds of ${flags.soakSeconds} s POSTs (${count(events)} payments, one ` +
        `event each); RSS after each round: ${rss.map(megabytes).join(', ')}.`,
    );
    return [
      {
        measure: `${MEASURE}, ${count(events)} events`,
        ours: `${megabytes(low)}–${megabytes(high)} (rounds 2–${rss.length})`,
        baseline: `${megabytes(first!)} (after round 1)`,
        ratio: (high / first!).toFixed(2),
      },
    ];
  },
};
