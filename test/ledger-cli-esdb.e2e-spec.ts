/**
 * `npx ledger` over EventStoreDB (DESIGN.md §7: "on the data folder or an EventStoreDB URL"): the
 * same history written through the app onto the wire-level EventStoreDB test server, verified,
 * exported and verified again through the real gRPC client.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEsdbTestServer, type EsdbTestServer } from './esdb/esdb-test-server';
import { ledger, ledgerJson } from './support/audited-ledger';
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

describe('ledger CLI on EventStoreDB', () => {
  let esdb: EsdbTestServer;
  let paid: PaymentBody;

  beforeAll(async () => {
    esdb = await startEsdbTestServer();
    const t = await startTestApp({
      now: '2026-12-01T10:00:00+09:00',
      env: { LEDGER_STORE: 'esdb', LEDGER_ESDB_URL: esdb.url },
    });
    try {
      paid = await completePayment(t, await requestPayment(t, cardPaymentBody(2, newMemberId())));
      await completePayment(t, await requestPayment(t, cardPaymentBody(1, newMemberId())));
      moveClockTo(t.clock, '00:05', 1);
      await closedReport(t, '2026-12-01');
    } finally {
      await t.close();
    }
  });
  afterAll(async () => {
    await esdb.stop();
  });

  it('given a sealed day on EventStoreDB, when verified with --esdb, then all is well', async () => {
    const { code, body } = await ledgerJson<{ ok: boolean; events: number; seals: unknown[] }>([
      '--esdb',
      esdb.url,
      'verify',
    ]);
    expect(code).toBe(0);
    expect(body.ok).toBe(true);
    expect(body.seals).toHaveLength(1);
  });

  it('given --esdb, when a payment history and an export are asked, then they come from EventStoreDB', async () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-esdb-cli-')),
      'day.ndjson',
    );
    const exported = await ledger([
      '--esdb',
      esdb.url,
      'export',
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-01',
      '--out',
      file,
    ]);
    expect(exported.code).toBe(0);
    expect((await ledger(['verify', file])).code).toBe(0);

    const shown = await ledger(['--esdb', esdb.url, 'history', paid.paymentId]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('↳ counted in the close of 2026-12-01');
  });
});
