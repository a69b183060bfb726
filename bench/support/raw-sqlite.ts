/**
 * The baselines: raw better-sqlite3 on the event table, with the store's own durable settings
 * (WAL + synchronous=FULL, applied by the adapter's configureConnection) and none of its code.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applySchema, configureConnection } from '@lib/event-store';

const DATA = JSON.stringify({
  paymentId: 'p-1001',
  items: [{ court: '서울중앙지방법원', caseNumber: '2024가합12345', feeKrw: 1000 }],
  amountKrw: 1000,
});
const METADATA = JSON.stringify({ actor: { role: 'client', id: 'm-1001' }, schemaVersion: 1 });

export interface RawWriter {
  /** INSERTs per second for `seconds`, `perTransaction` INSERTs per transaction. */
  run(seconds: number): number;
  close(): void;
}

/** Raw INSERTs into a fresh store file, `perTransaction` per transaction, in a loop. */
export function rawWriter(path: string, perTransaction: number): RawWriter {
  const db = new Database(path);
  configureConnection(db, 5_000);
  applySchema(db);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created)' +
      ' VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = Array.from({ length: perTransaction }, () => 0n);
  const stream = `raw-${randomUUID()}`;
  const transaction = db.transaction(() => {
    revisions.forEach((revision, index) => {
      const created = new Date().toISOString();
      insert.run(
        `${stream}-${index}`,
        revision,
        randomUUID(),
        'PaymentRequested',
        DATA,
        METADATA,
        created,
      );
      revisions[index] = revision + 1n;
    });
  });
  return {
    run(seconds) {
      const started = performance.now();
      const deadline = started + seconds * 1_000;
      let inserted = 0;
      while (performance.now() < deadline) {
        transaction.immediate();
        inserted += perTransaction;
      }
      return inserted / ((performance.now() - started) / 1_000);
    },
    close: () => db.close(),
  };
}

export interface RawScan {
  readonly events: number;
  readonly seconds: number;
}

/** Every event of a store file in order, its data and metadata parsed: the least a reader does. */
export function rawScan(path: string): RawScan {
  const db = new Database(path, { readonly: true });
  try {
    const started = performance.now();
    let events = 0;
    const rows = db
      .prepare(
        'SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position',
      )
      .raw(true)
      .iterate() as IterableIterator<unknown[]>;
    for (const row of rows) {
      JSON.parse(row[4] as string);
      JSON.parse(row[5] as string);
      events += 1;
    }
    return { events, seconds: (performance.now() - started) / 1_000 };
  } finally {
    db.close();
  }
}

/** Two scans of the same file as one: the mean time. */
export function meanScan(a: RawScan, b: RawScan): RawScan {
  return { events: b.events, seconds: (a.seconds + b.seconds) / 2 };
}

/** How many events a store file holds, and their data + metadata as stored (bytes). */
export function storeContents(path: string): { events: number; payloadBytes: number } {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare(
        'SELECT count(*) AS events, coalesce(sum(length(CAST(data AS BLOB)) + length(CAST(metadata AS BLOB))), 0) AS payload FROM events',
      )
      .get() as { events: number; payload: number };
    return { events: row.events, payloadBytes: row.payload };
  } finally {
    db.close();
  }
}
