import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fetchStatus, FreshIds, getRequest, requestPayment } from '../support/api-requests';
import { describeLoopP99, duringWork } from '../support/event-loop-metric';
import { count, latencies, megabytes, ratio } from '../support/format';
import { LedgerServer } from '../support/ledger-server';
import { combineLoads, describeFailures, runLoad, type LoadResult } from '../support/load';
import { progress } from '../support/progress';
import { storeContents } from '../support/raw-sqlite';
import { alternate } from '../support/rounds';
import type { BenchSection } from '../support/section';

const POST = 'POST /v1/payments';
const BYTES = 'store bytes/event after the POST run';
const RSS = 'server RSS before → after the POST run';

/**
 * Rows 2 and 7: a built server in production mode on a fresh data folder, driven by autocannon.
 * The baseline is the cheapest route of the same server (`GET /health/live` when it exists, else
 * `GET /health`), in rounds that alternate with the POSTs; each POST is a card payment of a member
 * never seen before, with a fresh Idempotency-Key. Afterwards the store file's bytes per event
 * against the bytes of the events' own data and metadata, and the server's resident memory before
 * and after the load.
 */
export const httpWriteSection: BenchSection = {
  name: 'http',
  measures: [POST, BYTES, RSS],
  needsBuild: true,
  async run({ flags, temp, keys, note }) {
    const dataDir = temp.make('http');
    // A profiled server serves only POSTs, so its profile is the write path's alone.
    const profiling = flags.cpuProf !== undefined;
    const nodeArgs = profiling ? ['--cpu-prof', `--cpu-prof-dir=${flags.cpuProf}`] : [];
    const server = await LedgerServer.start({ dataDir, keys, nodeArgs });
    let stopped = false;
    try {
      const rssBefore = server.rssBytes();
      const cheapest =
        (await fetchStatus(`${server.url}/health/live`)) === 200 ? '/health/live' : '/health';
      const ids = new FreshIds();
      const seconds = flags.httpSeconds / flags.rounds;
      const load = (kind: 'post' | 'baseline', s: number) =>
        runLoad({
          url: server.url,
          connections: flags.connections,
          seconds: s,
          requests: [kind === 'post' ? requestPayment(keys, ids) : getRequest(cheapest)],
        });
      progress(
        `http: warm-up, then ${flags.rounds} round(s) of GET ${cheapest} and POST /v1/payments, ` +
          `${seconds.toFixed(1)} s each`,
      );
      if (!profiling) await load('baseline', 2);
      const warmUp = await load('post', 3);
      const posts = (s: number) => duringWork(server.url, () => load('post', s));
      let post: LoadResult;
      let baseline: LoadResult | null = null;
      let loopP99: string;
      if (profiling) {
        const run = await posts(flags.httpSeconds);
        post = run.result;
        loopP99 = describeLoopP99([run.loopP99Ms]);
      } else {
        const runs = await alternate(
          flags.rounds,
          () => posts(seconds),
          () => load('baseline', seconds),
        );
        post = combineLoads(runs.ours.map((run) => run.result));
        baseline = combineLoads(runs.baseline);
        loopP99 = describeLoopP99(runs.ours.map((run) => run.loopP99Ms));
      }
      const rssAfter = server.rssBytes();
      await server.stop();
      stopped = true;

      const file = join(dataDir, 'events.sqlite');
      const bytes = fileBytes(file) + fileBytes(`${file}-wal`);
      const { events, payloadBytes } = storeContents(file);
      const created = warmUp.ok + post.ok;
      note(
        `http: ${flags.connections} connections, ${flags.httpSeconds} s of each route after a 5 s ` +
          `warm-up; ${count(events)} events in the store from ${count(created)} created payments ` +
          `(${(events / Math.max(1, created)).toFixed(1)} events per POST); latency of 2xx answers.`,
      );
      const postFailures = describeFailures(post);
      if (postFailures !== null) note(`http: POST answers that were not 2xx: ${postFailures}`);
      const baselineFailures = baseline === null ? null : describeFailures(baseline);
      if (baselineFailures !== null) note(`http: GET ${cheapest} failures: ${baselineFailures}`);
      note(
        loopP99 === 'n/a'
          ? 'http: event-loop p99 is n/a: the server exports no event-loop metric on /metrics.'
          : "http: event-loop p99 from the server's /metrics, scraped before and after each POST " +
              'round; the median of the rounds.',
      );
      if (profiling) {
        note(`http: CPU profile of the server (POSTs only, no baseline run) in ${flags.cpuProf}`);
      }
      return [
        {
          measure: `${POST}, ${flags.connections} connections`,
          ours: `${count(post.okPerSecond)} req/s`,
          baseline:
            baseline === null
              ? 'not run (--cpu-prof)'
              : `${count(baseline.okPerSecond)} req/s (GET ${cheapest})`,
          ratio: baseline === null ? 'n/a' : ratio(post.okPerSecond, baseline.okPerSecond),
          latency: latencies(post.p50Ms, post.p99Ms),
          eventLoopP99: loopP99,
        },
        {
          measure: BYTES,
          ours: `${count(bytes / events)} B`,
          baseline: `${count(payloadBytes / events)} B (data + metadata)`,
          ratio: ratio(bytes / events, payloadBytes / events),
        },
        {
          measure: RSS,
          ours: megabytes(rssAfter),
          baseline: `${megabytes(rssBefore)} (idle, before)`,
          ratio: ratio(rssAfter, rssBefore),
        },
      ];
    } finally {
      if (!stopped) await server.stop();
    }
  },
};

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
