/**
 * Event store benchmark (`npm run bench:store`): our SQLite adapter against raw better-sqlite3 on
 * the same durable settings (WAL + synchronous=FULL), each on a fresh temp file.
 *   a) appends/s from 64 concurrent callers, each awaiting its own single-event append to its
 *      own stream with the expected revision (group commit shares one fsync between them);
 *   b) baseline: one INSERT per transaction, in a loop (one fsync per event);
 *   c) readAll events/s, paging through the whole log, against a raw SELECT scan of the table.
 * Not a test: nothing here asserts on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  applySchema,
  configureConnection,
  openSqliteEventStore,
  type EventStore,
  type Position,
} from '@lib/event-store';

const ROUNDS = 4;
const ROUND_SECONDS = 2;
const CALLERS = 64;
const PAGE = 1000;

const data = {
  paymentId: 'p-1001',
  items: [{ court: '서울중앙지방법원', caseNumber: '2024가합12345', feeKrw: 1000 }],
  amountKrw: 1000,
};
const metadata = { actor: { role: 'client', id: 'm-1001' }, schemaVersion: 1 };

async function adapterAppends(
  store: EventStore,
  callers: number,
  seconds: number,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      const streamId = `payment-${caller}-${randomUUID()}`;
      let expectedRevision: bigint | 'no_stream' = 'no_stream';
      let count = 0;
      while (performance.now() < deadline) {
        const event = { type: 'PaymentRequested', data, metadata };
        ({ nextExpectedRevision: expectedRevision } = await store.appendToStream(
          streamId,
          [event],
          {
            expectedRevision,
          },
        ));
        count += 1;
      }
      return count;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

/** Raw better-sqlite3 on our table: `perTransaction` INSERTs per transaction, in a loop. */
function rawWriter(
  path: string,
  perTransaction: number,
): { run(seconds: number): number; close(): void } {
  const db = new Database(path);
  configureConnection(db, 5000);
  applySchema(db);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created)' +
      ' VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = Array.from({ length: perTransaction }, () => 0n);
  const transaction = db.transaction(() => {
    revisions.forEach((revision, stream) => {
      const [json, meta, created] = [JSON.stringify(data), JSON.stringify(metadata), new Date()];
      insert.run(
        `raw-${stream}`,
        revision,
        randomUUID(),
        'PaymentRequested',
        json,
        meta,
        created.toISOString(),
      );
      revisions[stream] = revision + 1n;
    });
  });
  const run = (seconds: number): number => {
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let count = 0;
    while (performance.now() < deadline) {
      transaction.immediate();
      count += perTransaction;
    }
    return count / ((performance.now() - started) / 1000);
  };
  return { run, close: () => db.close() };
}

/** Pages through `$all` with the port; returns events/s and how many events were read. */
async function adapterScan(store: EventStore): Promise<{ perSecond: number; events: number }> {
  const started = performance.now();
  let events = 0;
  let page = await store.readAll({ maxCount: PAGE });
  while (page.length > 0) {
    events += page.length;
    const last: Position | undefined = page.at(-1)?.position;
    if (last === undefined) break;
    // Inclusive: each later page starts with the last event of the page before.
    page = (await store.readAll({ fromPosition: last, maxCount: PAGE + 1 })).slice(1);
  }
  return { perSecond: events / ((performance.now() - started) / 1000), events };
}

function rawScan(path: string): number {
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

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}x`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

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
    samples.concurrent.push(await adapterAppends(store, CALLERS, ROUND_SECONDS));
    samples.baseline.push(baselineWriter.run(ROUND_SECONDS));
    samples.single.push(await adapterAppends(store, 1, ROUND_SECONDS / 2));
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
    const scan = await adapterScan(reader);
    events = scan.events;
    // Round 0 warms the page cache and the JIT.
    if (round > 0) adapter.push(scan.perSecond);
    const rawPerSecond = rawScan(adapterFile);
    if (round > 0) raw.push(rawPerSecond);
  }
  await reader.close();
  return { adapter: median(adapter), raw: median(raw), events };
}

async function main(): Promise<void> {
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

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `\nEvent store benchmark, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpu}`,
    );
    console.log(
      `durable: WAL + synchronous=FULL, temp files under ${tmpdir()}; log read: ${fmt(events)} events; medians of ${ROUNDS} alternating rounds\n`,
    );
    console.log('| measure | SQLite adapter | raw better-sqlite3 | adapter/baseline |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(
      `| appends/s, ${CALLERS} concurrent callers, 1 event each | ${fmt(concurrent)} | ${fmt(baseline)} (1 INSERT per transaction) | ${ratio(concurrent, baseline)} |`,
    );
    console.log(
      `| appends/s, 1 caller, 1 event each | ${fmt(single)} | ${fmt(baseline)} (1 INSERT per transaction) | ${ratio(single, baseline)} |`,
    );
    console.log(
      `| readAll events/s, pages of ${fmt(PAGE)} | ${fmt(scan)} | ${fmt(raw)} (SELECT scan) | ${ratio(scan, raw)} |`,
    );
    console.log(
      `\nCeiling for group commit: raw, ${CALLERS} INSERTs per transaction: ${fmt(batched)} inserts/s (adapter/ceiling = ${ratio(concurrent, batched)}).`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
