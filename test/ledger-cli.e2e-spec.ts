/**
 * The `ledger` CLI (DESIGN.md §7, docs/audit.md) on a real history: export of an audit period and
 * verify on the export alone, history, replay and rebuild; and the binary itself, as `npx ledger`
 * runs it, with its exit codes.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { verifyExport as independentVerify } from './audit/independent-verifier';
import {
  buildAuditedLedger,
  copyOf,
  ledger,
  ledgerJson,
  type AuditedLedger,
} from './support/audited-ledger';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '..', 'bin', 'ledger.js');

interface VerifyBody {
  ok: boolean;
  events: number;
  problems: { kind: string; position: string | null; detail: string }[];
  header?: { from: string; to: string; afterPosition: string; untilPosition: string };
}

function scratchFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-')), name);
}

describe('ledger CLI on a real history', () => {
  let history: AuditedLedger;

  beforeAll(async () => {
    history = await buildAuditedLedger();
  });

  describe('export, then verify on the export alone', () => {
    it.each(['ndjson', 'csv'])(
      'given the period of both sealed days, when exported as %s and verified alone, then it passes',
      async (format) => {
        const file = scratchFile(`period.${format}`);
        const exported = await ledger(
          [
            'export',
            '--from',
            '2026-12-01',
            '--to',
            '2026-12-02',
            '--format',
            format,
            '--out',
            file,
          ],
          history.dataDir,
        );
        expect(exported).toMatchObject({ code: 0 });

        const { code, body } = await ledgerJson<VerifyBody>(['verify', file]);
        expect(code).toBe(0);
        expect(body).toMatchObject({
          ok: true,
          header: { from: '2026-12-01', to: '2026-12-02', afterPosition: '0' },
        });
        expect(body.events).toBe(Number(body.header!.untilPosition));
      },
    );

    it('given a fresh export, when checked by the independent verifier written from docs/audit.md alone, then it passes', async () => {
      const file = scratchFile('period.ndjson');
      await ledger(
        ['export', '--from', '2026-12-01', '--to', '2026-12-02', '--out', file],
        history.dataDir,
      );
      const copies = fs
        .readdirSync(history.copiedDigests)
        .map((name) => fs.readFileSync(path.join(history.copiedDigests, name), 'utf8'));
      expect(independentVerify(fs.readFileSync(file, 'utf8'), copies)).toBeNull();
    });

    it('given an export with one byte changed, when verified alone, then it fails and names the position', async () => {
      const file = scratchFile('period.ndjson');
      await ledger(
        ['export', '--from', '2026-12-02', '--to', '2026-12-02', '--out', file],
        history.dataDir,
      );
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const index = lines.findIndex((line) => line.includes('"type":"PaymentCompleted"'));
      const position = (JSON.parse(lines[index]!) as { position: string }).position;
      lines[index] = lines[index]!.replace('"amountKrw":4000', '"amountKrw":5000');
      fs.writeFileSync(file, lines.join('\n'));

      const verified = await ledger(['verify', file]);
      expect(verified.code).toBe(1);
      expect(verified.stdout).toContain(`FAILED at position ${position}: changed`);
    });

    it('given an export whose seal line was removed, when verified alone, then the unsealed part is named', async () => {
      const file = scratchFile('period.ndjson');
      await ledger(
        ['export', '--from', '2026-12-01', '--to', '2026-12-02', '--out', file],
        history.dataDir,
      );
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const kept = lines.filter(
        (line) =>
          !line.includes('"date":"2026-12-01","closedAt"') || !line.startsWith('{"kind":"seal"'),
      );
      fs.writeFileSync(file, kept.join('\n'));

      const { code, body } = await ledgerJson<VerifyBody>(['verify', file]);
      expect(code).toBe(1);
      expect(body.problems[0]).toMatchObject({ kind: 'missing', position: '1' });
    });

    it('given a day not closed yet, when exported, then it is refused with the reason (exit 1)', async () => {
      const exported = await ledger(
        ['export', '--from', '2026-12-02', '--to', '2026-12-03'],
        history.dataDir,
      );
      expect(exported).toMatchObject({ code: 1, stdout: '' });
      expect(exported.stderr).toContain('2026-12-03 is not closed yet');
    });

    it('given a malformed date or format, when exported, then it is a usage error (exit 2)', async () => {
      expect(
        (await ledger(['export', '--from', '2026-13-01', '--to', '2026-12-02'], history.dataDir))
          .code,
      ).toBe(2);
      expect(
        (
          await ledger(
            ['export', '--from', '2026-12-01', '--to', '2026-12-02', '--format', 'xml'],
            history.dataDir,
          )
        ).code,
      ).toBe(2);
    });
  });

  describe('history', () => {
    it("given a cancelled payment, when its history is asked, then the timeline shows KST times, actors, the PG's references and the settlement day", async () => {
      const { paymentId } = history.payments.cancelled!;
      const shown = await ledger(['history', paymentId], history.dataDir);
      expect(shown.code).toBe(0);
      const lines = shown.stdout.split('\n');
      expect(lines[0]).toBe(`Payment ${paymentId}: 4 events (times in KST)`);
      expect(lines[1]).toMatch(/^2026-12-01 10:15:00 {2}#0 {2}PaymentRequested .*client:/);
      expect(shown.stdout).toMatch(/PaymentCompleted .*gateway:.*pgTransactionId pg-1000-/);
      expect(shown.stdout).toMatch(
        /2026-12-01 11:40:00 {2}#3 {2}PaymentCancelled .*refunded \(PG cancel sandbox-cancel-/,
      );
      expect(shown.stdout).toContain('↳ counted in the close of 2026-12-01');
    });

    it('given a payment of the open day, when its history is asked as JSON, then its settlement day is still open', async () => {
      const { code, body } = await ledgerJson<{ events: { type: string; settlement: unknown }[] }>(
        ['history', history.payments.unsealed!.paymentId],
        history.dataDir,
      );
      expect(code).toBe(0);
      expect(body.events.find((event) => event.type === 'PaymentCompleted')!.settlement).toEqual({
        day: '2026-12-03',
        standing: 'OPEN',
        closedAt: null,
      });
    });

    it('given an unknown payment, when its history is asked, then exit 1 says so', async () => {
      const shown = await ledger(['history', 'no-such-payment'], history.dataDir);
      expect(shown).toMatchObject({
        code: 1,
        stderr: 'ledger: No payment no-such-payment in the log\n',
      });
    });
  });

  describe('as-of', () => {
    interface AsOfBody {
      payment: { status: string; items: { viewedAt: string | null }[] };
      cancelBlockedReason: string | null;
      events: { type: string; createdAt: string }[];
    }

    it('given the instant between the approval and the view, when asked, then the payment was cancellable', async () => {
      const { paymentId } = history.payments.viewed!;
      const { code, body } = await ledgerJson<AsOfBody>(
        ['as-of', paymentId, '2026-12-01T10:00:00+09:00'],
        history.dataDir,
      );
      expect(code).toBe(0);
      expect(body.payment.status).toBe('COMPLETED');
      expect(body.cancelBlockedReason).toBeNull();
      expect(body.events.map((event) => event.type)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
      ]);
    });

    it('given an instant after the view, when asked for people, then the payment is shown with its blocked cancellation and its events', async () => {
      const shown = await ledger(
        ['as-of', history.payments.viewed!.paymentId, '2026-12-01T10:20:00+09:00'],
        history.dataDir,
      );
      expect(shown.code).toBe(0);
      expect(shown.stdout).toMatch(
        /^As of 2026-12-01 10:20:00.000 KST \(recording time\), 3 event\(s\) recorded:$/m,
      );
      expect(shown.stdout).toMatch(
        /COMPLETED \(결제완료\) {2}2,000 KRW {2}2 item\(s\), 1 viewed {2}not cancellable \(ALREADY_VIEWED\)/,
      );
    });

    it("given a member, when their list is asked as of the first day's end, then it holds what they had then", async () => {
      const { body } = await ledgerJson<{ events: { data: { payer: { memberId: string } } }[] }>(
        ['as-of', history.payments.second!.paymentId, '2026-12-02T09:30:00+09:00'],
        history.dataDir,
      );
      const member = `member:${body.events[0]!.data.payer.memberId}`;

      const before = await ledgerJson<{ payments: AsOfBody[] }>(
        ['as-of', member, '2026-12-01T23:59:59+09:00'],
        history.dataDir,
      );
      const after = await ledgerJson<{ payments: AsOfBody[] }>(
        ['as-of', member, '2026-12-02T23:59:59+09:00'],
        history.dataDir,
      );
      expect(before.code).toBe(0);
      expect(before.body.payments).toEqual([]);
      expect(after.code).toBe(0);
      expect(after.body.payments.map((payment) => payment.payment.status)).toEqual(['COMPLETED']);
    });

    it('given an instant before the payment existed, when asked, then exit 1 says so', async () => {
      const shown = await ledger(
        ['as-of', history.payments.second!.paymentId, '2026-12-01T12:00:00+09:00'],
        history.dataDir,
      );
      expect(shown.code).toBe(1);
      expect(shown.stderr).toContain('was recorded by 2026-12-01T12:00:00+09:00');
    });

    it('given an instant without an offset, when asked, then it is a usage error', async () => {
      expect(
        (
          await ledger(
            ['as-of', history.payments.second!.paymentId, '2026-12-01T12:00:00'],
            history.dataDir,
          )
        ).code,
      ).toBe(2);
    });
  });

  describe('replay and rebuild', () => {
    it('given live read models the service kept, when replayed, then the rebuild is the same (exit 0) and the rate is printed', async () => {
      const replayed = await ledger(['replay'], history.dataDir);
      expect(replayed.code).toBe(0);
      expect(replayed.stdout).toMatch(
        /^Replayed \d+ events into a scratch read model in [\d.]+ s: [\d,]+ events\/s$/m,
      );
      expect(replayed.stdout).toMatch(/^ {2}payments +8 live +8 rebuilt {2}same$/m);
      expect(replayed.stdout.trim().split('\n').at(-1)).toBe('SAME');
    });

    it('given a live read model that lost a row, when replayed, then the row is named and exit is 1', async () => {
      const dataDir = copyOf(history.dataDir);
      const db = new Database(path.join(dataDir, 'read-models.sqlite'));
      const { changes } = db
        .prepare('DELETE FROM payments WHERE payment_id = ?')
        .run(history.payments.guest!.paymentId);
      db.close();
      expect(changes).toBe(1);

      const { code, body } = await ledgerJson<{
        same: boolean;
        tables: { table: string; missing: number; samples: { missing: string[] } }[];
      }>(['replay'], dataDir);
      expect(code).toBe(1);
      const payments = body.tables.find((table) => table.table === 'payments')!;
      expect(payments.missing).toBe(1);
      expect(payments.samples.missing[0]).toContain(history.payments.guest!.paymentId);
    });

    it('given a read model rebuilt by ledger rebuild, when replayed, then it is the same', async () => {
      const dataDir = copyOf(history.dataDir);
      const rebuilt = await ledger(['rebuild'], dataDir);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toMatch(
        /^Rebuilt payments, processes.* from \d+ events in [\d.]+ s: [\d,]+ events\/s\n$/,
      );
      expect((await ledger(['replay'], dataDir)).code).toBe(0);
    });
  });

  describe('the binary', () => {
    it('given the data folder in LEDGER_DATA_DIR, when `ledger verify --json` runs piped, then it answers JSON, draws no bar and exits 0', async () => {
      const { stdout, stderr } = await run(process.execPath, [BIN, 'verify', '--json'], {
        env: { ...process.env, LEDGER_DATA_DIR: history.dataDir },
      });
      expect(JSON.parse(stdout)).toMatchObject({ ok: true });
      expect(stderr).toBe('');
    });

    it('given tampered data, when `ledger verify` runs, then the process exits 1', async () => {
      const dataDir = copyOf(history.dataDir);
      const db = new Database(path.join(dataDir, 'events.sqlite'));
      db.exec('DROP TRIGGER events_are_never_updated');
      db.prepare(
        "UPDATE events SET data = replace(data, '1000', '1001') WHERE type = 'PaymentCompleted'",
      ).run();
      db.close();
      await expect(
        run(process.execPath, [BIN, '--data-dir', dataDir, 'verify']),
      ).rejects.toMatchObject({ code: 1 });
    });

    it('given an unknown command or a missing data folder, when run, then it is a usage error (exit 2)', async () => {
      await expect(run(process.execPath, [BIN, 'nonsense'])).rejects.toMatchObject({ code: 2 });
      await expect(
        run(process.execPath, [BIN, '--data-dir', scratchFile('none'), 'verify']),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('No event store at') as string,
      });
    });
  });
});
