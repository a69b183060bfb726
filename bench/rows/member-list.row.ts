import { join } from 'node:path';
import { DateTime } from 'luxon';
import { openSqliteEventStore } from '@lib/event-store';
import { BUSINESS_ZONE } from '@lib/ledger';
import { fetchStatus, getRequest } from '../support/api-requests';
import { describeLoopP99, duringWork } from '../support/event-loop-metric';
import { count, latencies, ms, ratio } from '../support/format';
import { LedgerServer, type ApiKeys } from '../support/ledger-server';
import { fillStore, spreadOver } from '../support/log-file';
import { combineLoads, describeFailures, runLoad, type LoadRequest } from '../support/load';
import { alternate } from '../support/rounds';
import { progress } from '../support/progress';
import { SeededRandom } from '../support/seeded-random';
import type { BenchSection } from '../support/section';

const MEASURE = 'member list p99';
const PREFIX = 'list';
/** The generated payments fall in the last 60 days, inside the list's 3-month window. */
const HISTORY_DAYS = 60;

/**
 * Row 6: `GET /v1/members/{id}/payments` for random members at a fixed offered rate, on an API
 * process (LEDGER_ROLE=api: no schedules or reconcilers run beside it) whose store holds a
 * generated history of many payments by many members. The baseline is the cheapest route of the
 * same server at the same offered rate.
 */
export const memberListSection: BenchSection = {
  name: 'list',
  measures: [MEASURE],
  needsBuild: true,
  async run({ flags, temp, keys, note }) {
    const dataDir = temp.make('list');
    const now = DateTime.now().setZone(BUSINESS_ZONE);
    progress(`list: ${count(flags.listPayments)} payments by ${count(flags.listMembers)} members`);
    const store = openSqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const written = await fillStore(
      store,
      spreadOver(
        {
          from: now.minus({ days: HISTORY_DAYS }),
          to: now.minus({ minutes: 1 }),
          payments: flags.listPayments,
        },
        { seed: 7, members: flags.listMembers, memberShare: 0.9, prefix: PREFIX },
      ),
      (history) =>
        history.payments >= flags.listPayments || history.now >= now.minus({ minutes: 1 }),
      'list',
    ).finally(() => store.close());

    // With --cpu-prof the list server is profiled too (a file per server in that folder).
    const nodeArgs =
      flags.cpuProf === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${flags.cpuProf}/list`];
    const server = await LedgerServer.start({ dataDir, keys, role: 'api', nodeArgs });
    try {
      await caughtUp(server.url, keys);
      const cheapest =
        (await fetchStatus(`${server.url}/health/live`)) === 200 ? '/health/live' : '/health';
      const run = (requests: LoadRequest[], seconds: number) =>
        runLoad({
          url: server.url,
          connections: flags.connections,
          seconds,
          overallRate: flags.listRate,
          requests,
        });
      const seconds = flags.listSeconds / flags.rounds;
      progress(
        `list: ${flags.rounds} round(s) of GET ${cheapest} and the member list at ` +
          `${count(flags.listRate)} req/s, ${seconds.toFixed(1)} s each`,
      );
      // Both routes warm up first: a cold route's first seconds would decide its p99.
      await run([getRequest(cheapest)], 3);
      await run([memberList(keys, flags.listMembers)], 3);
      const runs = await alternate(
        flags.rounds,
        () => duringWork(server.url, () => run([memberList(keys, flags.listMembers)], seconds)),
        () => run([getRequest(cheapest)], seconds),
      );
      const list = combineLoads(runs.ours.map((round) => round.result));
      const baseline = combineLoads(runs.baseline);
      const loopP99 = describeLoopP99(runs.ours.map((round) => round.loopP99Ms));
      note(
        `list: ${count(written.events)} events, ${count(written.payments)} payments over ${HISTORY_DAYS} days, ` +
          `${count(flags.listMembers)} members (90% of payers); ${flags.connections} connections at ` +
          `${count(flags.listRate)} req/s offered, ${count(list.okPerSecond)} answered/s.`,
      );
      const failures = describeFailures(list);
      if (failures !== null) note(`list: answers that were not 2xx: ${failures}`);
      return [
        {
          measure: `${MEASURE} at ${count(flags.listRate)} req/s, ${count(written.payments)} payments`,
          ours: `${ms(list.p99Ms)} ms`,
          baseline: `${ms(baseline.p99Ms)} ms (GET ${cheapest}, same rate)`,
          ratio: ratio(list.p99Ms, baseline.p99Ms),
          latency: latencies(list.p50Ms, list.p99Ms),
          eventLoopP99: loopP99,
        },
      ];
    } finally {
      await server.stop();
    }
  },
};

/** Each request asks for the list of a member picked at random (a fixed seed: the same members). */
function memberList(keys: ApiKeys, members: number): LoadRequest {
  const random = new SeededRandom(11);
  return {
    method: 'GET',
    setupRequest: (request) => ({
      ...request,
      path: `/v1/members/${PREFIX}-m-${random.int(members)}/payments`,
      headers: { authorization: `Bearer ${keys.client}` },
    }),
  };
}

/** Waits until a list answer no longer says the read models are stale (they caught up at start). */
async function caughtUp(url: string, keys: ApiKeys, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/v1/members/${PREFIX}-m-0/payments`, {
      headers: { authorization: `Bearer ${keys.client}` },
    });
    await response.arrayBuffer();
    if (response.ok && response.headers.get('x-read-model-stale') === null) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the read models did not catch up in ${timeoutMs / 1000} s`);
}
