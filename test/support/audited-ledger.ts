/**
 * A real ledger history for the auditor's kit tests: payments of two closed (sealed) KST days and
 * an open third, written through HTTP into a SQLite data folder; the copied seals; and the CLI run
 * in-process on that folder, as `npx ledger …` runs it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { runLedgerCli, type CliIo } from '@app/cli';
import { closedReport } from './settlement-fixtures';
import {
  cardPaymentBody,
  completePayment,
  guestCardPaymentBody,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
} from './test-app';

export const SEALED_DAYS = ['2026-12-01', '2026-12-02'] as const;

export interface AuditedLedger {
  /** The data folder: events.sqlite, read-models.sqlite, settlements/. */
  readonly dataDir: string;
  /** The `.digest` files as an operator copied them, off the machine. */
  readonly copiedDigests: string;
  /** Payments by name: `viewed` (day 1, completed then viewed), `cancelled`, `guest`, `late`… */
  readonly payments: Readonly<Record<string, PaymentBody>>;
}

/** Writes the history (about 60 events) and stops the service, releasing its files. */
export async function buildAuditedLedger(): Promise<AuditedLedger> {
  const t = await startTestApp({ now: '2026-12-01T09:30:00+09:00' });
  const payments: Record<string, PaymentBody> = {};
  const pay = async (name: string, body: object) => {
    payments[name] = await requestPayment(t, body);
    return payments[name];
  };
  try {
    const viewed = await completePayment(t, await pay('viewed', cardPaymentBody(2, newMemberId())));
    moveClockTo(t.clock, '10:15');
    await expectOk(
      t.post('client', `/v1/payments/${viewed.paymentId}/items/${viewed.items[0]!.itemId}/view`),
    );
    await completePayment(t, await pay('cancelled', cardPaymentBody(1, newMemberId())));
    moveClockTo(t.clock, '11:40');
    await expectOk(t.post('client', `/v1/payments/${payments.cancelled!.paymentId}/cancel`));
    await completePayment(
      t,
      await pay('guest', guestCardPaymentBody('010-2345-6789', 'pw-2345', 3)),
    );
    await pay('abandoned', transferPaymentBody(1, newMemberId()));
    await completePayment(t, await pay('transfer', transferPaymentBody(2, newMemberId(), '004')));
    moveClockTo(t.clock, '00:05', 1);
    await closedReport(t, SEALED_DAYS[0]);

    moveClockTo(t.clock, '09:00');
    await completePayment(t, await pay('second', cardPaymentBody(4, newMemberId(), 'KB')));
    await completePayment(t, await pay('third', cardPaymentBody(1, newMemberId())));
    moveClockTo(t.clock, '00:10', 1);
    await closedReport(t, SEALED_DAYS[1]);

    moveClockTo(t.clock, '08:00');
    await completePayment(t, await pay('unsealed', cardPaymentBody(1, newMemberId())));
  } finally {
    await t.close();
  }
  const copiedDigests = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-copied-digests-'));
  for (const day of SEALED_DAYS) {
    fs.copyFileSync(
      path.join(t.dataDir, 'settlements', `${day}.digest`),
      path.join(copiedDigests, `${day}.digest`),
    );
  }
  return { dataDir: t.dataDir, copiedDigests, payments };
}

async function expectOk(call: PromiseLike<{ status: number; body: unknown }>): Promise<void> {
  const response = await call;
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
}

/** A copy of the data folder to tamper with, so each test starts from the real history. */
export function copyOf(dataDir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tampered-'));
  fs.cpSync(dataDir, copy, { recursive: true });
  return copy;
}

export interface LoggedRow {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/**
 * Edits the event store file as someone with write access to the data folder would: the
 * immutability triggers dropped first (the store re-creates them when it next opens the file).
 */
export function tamper<T>(dataDir: string, edit: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'events.sqlite'));
  try {
    db.exec('DROP TRIGGER IF EXISTS events_are_never_updated');
    db.exec('DROP TRIGGER IF EXISTS events_are_never_deleted');
    return db.transaction(() => edit(db))();
  } finally {
    db.close();
  }
}

/** Every row of the log, in position order. */
export function rowsOf(db: Database.Database): LoggedRow[] {
  return db
    .prepare(
      'SELECT position, stream_id AS stream, revision, type, data, metadata FROM events ORDER BY position',
    )
    .all() as LoggedRow[];
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `npx ledger <args>` in-process, on `dataDir` (stdout and stderr are not terminals). */
export async function ledger(args: readonly string[], dataDir?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: os.tmpdir(),
  };
  const code = await runLedgerCli(
    dataDir === undefined ? args : ['--data-dir', dataDir, ...args],
    io,
  );
  return { code, stdout, stderr };
}

/** `ledger … --json`, parsed. */
export async function ledgerJson<T>(
  args: readonly string[],
  dataDir?: string,
): Promise<{ code: number; body: T }> {
  const run = await ledger([...args, '--json'], dataDir);
  return { code: run.code, body: JSON.parse(run.stdout) as T };
}
