/**
 * The genesis rule (docs/adr/0010, docs/audit.md §4): a store whose first days were written before
 * hash chains and seals. Their events carry no hash; the first close with seals seals the whole
 * log from its start, so every old event is covered by a seal an operator can copy, and a later
 * change to one is caught.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { ledgerJson } from './support/audited-ledger';
import { closedReport } from './support/settlement-fixtures';
import {
  cardPaymentBody,
  completePayment,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  type PaymentBody,
} from './support/test-app';

interface Report {
  ok: boolean;
  unhashedEvents: number;
  problems: { kind: string; position: string | null; stream?: string; date?: string }[];
}

/** Rewrites the file as the ledger wrote it before chains and seals: no hashes, no digest. */
function asBeforeSeals(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'events.sqlite'));
  try {
    db.exec('DROP TRIGGER IF EXISTS events_are_never_updated');
    db.exec("UPDATE events SET metadata = json_remove(metadata, '$.hash', '$.prevHash')");
    db.exec(
      "UPDATE events SET data = json_remove(data, '$.digest') WHERE type = 'SettlementClosed'",
    );
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('The first close with seals covers the events written before seals', () => {
  let dataDir: string;
  let legacyEvents: number;
  let old: PaymentBody;
  let lonely: PaymentBody;

  beforeAll(async () => {
    const before = await startTestApp({ now: '2026-11-30T10:00:00+09:00' });
    dataDir = before.dataDir;
    old = await completePayment(
      before,
      await requestPayment(before, cardPaymentBody(2, newMemberId())),
    );
    lonely = await completePayment(
      before,
      await requestPayment(before, cardPaymentBody(1, newMemberId())),
    );
    moveClockTo(before.clock, '00:05', 1);
    await closedReport(before, '2026-11-30');
    await before.close();
    legacyEvents = asBeforeSeals(dataDir);

    const after = await startTestApp({ dataDir, now: '2026-12-01T09:00:00+09:00' });
    // The old payment's stream goes on: its chain starts from the hashes of its old events.
    const view = await after.post(
      'client',
      `/v1/payments/${old.paymentId}/items/${old.items[0]!.itemId}/view`,
    );
    expect(view.status).toBe(200);
    await completePayment(after, await requestPayment(after, cardPaymentBody(1, newMemberId())));
    moveClockTo(after.clock, '00:05', 1);
    await closedReport(after, '2026-12-01');
    await after.close();
  });

  it('given the first sealed close, then its seal starts at the beginning of the log', () => {
    const seal = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'settlements', '2026-12-01.digest'), 'utf8'),
    ) as { previousCut: string; firstPosition: string; count: number };
    expect(seal).toMatchObject({ previousCut: '0', firstPosition: '1' });
    expect(seal.count).toBeGreaterThan(legacyEvents);
  });

  it('given the untouched mixed log, when verified, then it holds, with the old events counted', async () => {
    const { code, body } = await ledgerJson<Report>(['verify'], dataDir);
    expect(code).toBe(0);
    expect(body.unhashedEvents).toBe(legacyEvents);
  });

  it('given an old event of a stream nothing extends changed, when verified, then the seal catches it', async () => {
    const copy = fs.mkdtempSync(path.join(path.dirname(dataDir), 'ledger-genesis-'));
    fs.cpSync(dataDir, copy, { recursive: true });
    const db = new Database(path.join(copy, 'events.sqlite'));
    db.exec('DROP TRIGGER IF EXISTS events_are_never_updated');
    db.prepare(
      "UPDATE events SET data = json_set(data, '$.amountKrw', 5000) WHERE stream_id = ? AND type = 'PaymentCompleted'",
    ).run(`payment-${lonely.paymentId}`);
    db.close();

    const { code, body } = await ledgerJson<Report>(['verify'], copy);
    expect(code).toBe(1);
    expect(body.problems[0]).toMatchObject({ kind: 'changed', date: '2026-12-01' });
  });
});
