/**
 * Event store benchmark (`npm run bench:store`): our SQLite adapter against raw better-sqlite3 on
 * the same durable settings (WAL + synchronous=FULL), each on a fresh temp file.
 *   a) appends/s from 64 concurrent callers, each awaiting its own single-event append to its
 *      own stream with the expected revision (group commit shares one fsync between them);
 *   b) baseline: one INSERT per transaction, in a loop (one fsync per event);
 *   c) readAll events/s, paging through the whole log, against a raw SELECT scan of the table.
 * `npm run bench` has the 64-caller row beside the rest of issue 12's table; this script keeps the
 * longer store-only view. Not a test: nothing here asserts on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '@lib/event-store';
import { count, ratio } from './support/format';
import { machineLine } from './support/machine';
import { rawWriter } from './support/raw-sqlite';
import { median } from './support/stats';
import { adapterAppends, adapterScan } from './support/store-workloads';

const ROUNDS = 4;
const ROUND_SECONDS = 2;
const CALLERS = 64;
const PAGE = 1000;

/** Materializes every row and nothing more (no JSON parsing), as the README's table states. */
function rawRowScan(path: string): number {
  const db = new Database(path, { readonly: true });
  db.defaultSafeIntegers(true);
  const started = performance.now();
  let events = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate()) {
    if (row !== undefined) events += 1;
  }
  const perSecond = events / ((performance.now() - started) / 1000);
  db.close();
  return perSecond;
}

/**
 * Rounds alternate between the adapter and raw SQLite, and the table shows medians, so that a
 * burst of load from elsewhere on a shared machine skews both sides alike rather than one.
 */
async function measureWrites(root: string, adapterFile: string): Promise<Record<string, number>> {
  const store = openSqliteEventStore({ path: adapterFile });
  const baselineWriter = rawWriter(join(root, 'raw.db'), 1);
  const batchedWriter = rawWriter(join(root, 'raw-batched.db'), CALLERS);
  await adapterAppends(store, CALLERS, 1); // warm-up
  const samples = {
    concurrent: [] as number[],
    single: [] as number[],
    baseline: [] as number[],
    batched: [] as number[],
  };
  for (let round = 0; round < ROUNDS; round += 1) {
    samples.concurrent.push((await adapterAppends(store, CALLERS, ROUND_SECONDS)).perSecond);
    samples.baseline.push(baselineWriter.run(ROUND_SECONDS));
    samples.single.push((await adapterAppends(store, 1, ROUND_SECONDS / 2)).perSecond);
    samples.batched.push(batchedWriter.run(ROUND_SECONDS / 2));
  }
  await store.close();
  baselineWriter.close();
  batchedWriter.close();
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, median(values)]),
  );
}

async function measureReads(
  adapterFile: string,
): Promise<{ adapter: number; raw: number; events: number }> {
  const reader = openSqliteEventStore({ path: adapterFile });
  const adapter: number[] = [];
  const raw: number[] = [];
  let events = 0;
  for (let round = 0; round <= ROUNDS; round += 1) {
    const scan = await adapterScan(reader, PAGE);
    events = scan.events;
    // Round 0 warms the page cache and the JIT.
    if (round > 0) adapter.push(scan.perSecond);
    const rawPerSecond = rawRowScan(adapterFile);
    if (round > 0) raw.push(rawPerSecond);
  }
  await reader.close();
  return { adapter: median(adapter), raw: median(raw), events };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const root = mkdtempSync(join(tmpdir(), 'event-store-bench-'));
  try {
    const adapterFile = join(root, 'adapter.db');
    const {
      concurrent = 0,
      single = 0,
      baseline = 0,
      batched = 0,
    } = await measureWrites(root, adapterFile);
    const { adapter: scan, raw, events } = await measureReads(adapterFile);

    console.log(`\nEvent store benchmark. ${machineLine(startedAt)}`);
    console.log(
      `durable: WAL + synchronous=FULL, temp files under ${tmpdir()}; log read: ${count(events)} events; medians of ${ROUNDS} alternating rounds\n`,
    );
    console.log('| measure | SQLite adapter | raw better-sqlite3 | adapter/baseline |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| appends/s, ${CALLERS} concurrent callers, 1 event each | ${count(concurrent)} | ${count(baseline)} (1 INSERT per transaction) | ${ratio(concurrent, baseline)}x |`,
    );
    console.log(
      `| appends/s, 1 caller, 1 event each | ${count(single)} | ${count(baseline)} (1 INSERT per transaction) | ${ratio(single, baseline)}x |`,
    );
    console.log(
      `| readAll events/s, pages of ${count(PAGE)} | ${count(scan)} | ${count(raw)} (SELECT scan) | ${ratio(scan, raw)}x |`,
    );
    console.log(
      `\nCeiling for group commit: raw, ${CALLERS} INSERTs per transaction: ${count(batched)} inserts/s (adapter/ceiling = ${ratio(concurrent, batched)}x).`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
