/**
 * Tamper evidence on a real SQLite file (DESIGN.md §5, docs/audit.md §8–9): a history written
 * through HTTP is edited as someone with write access to the data folder would (the immutability
 * triggers dropped), and `ledger verify` must exit 1 and name what is wrong and where; the cases
 * an unkeyed chain cannot catch are caught against the seals copied off the machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventHash, type HashedEvent } from '@lib/audit';
import {
  buildAuditedLedger,
  copyOf,
  ledger,
  ledgerJson,
  rowsOf,
  tamper,
  type AuditedLedger,
  type LoggedRow,
} from './support/audited-ledger';

interface Report {
  ok: boolean;
  events: number;
  problems: {
    kind: string;
    position: string | null;
    stream?: string;
    date?: string;
    detail: string;
  }[];
  seals: { date: string; source: string; problem: string | null }[];
}

/** The cut of a sealed day, from its copied seal. */
function cutOf(history: AuditedLedger, date: string): number {
  const seal = JSON.parse(
    fs.readFileSync(path.join(history.copiedDigests, `${date}.digest`), 'utf8'),
  ) as { cut: string };
  return Number(seal.cut);
}

const isPayment = (row: LoggedRow) => row.stream.startsWith('payment-');

function hashedOf(
  row: Pick<LoggedRow, 'stream' | 'revision' | 'type' | 'data' | 'metadata'>,
): HashedEvent {
  return {
    streamId: row.stream,
    revision: BigInt(row.revision),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
  };
}

describe('ledger verify on a tampered SQLite file', () => {
  let history: AuditedLedger;

  beforeAll(async () => {
    history = await buildAuditedLedger();
  });

  it('given the untouched history, when verified with the copied seals, then all is well (exit 0)', async () => {
    const { code, body } = await ledgerJson<Report>(
      ['verify', '--digests', history.copiedDigests],
      history.dataDir,
    );
    expect(code).toBe(0);
    expect(body.ok).toBe(true);
    expect(
      body.seals.map(({ date, source, problem }) => `${date} ${source} ${problem}`).sort(),
    ).toEqual([
      '2026-12-01 copy null',
      '2026-12-01 log null',
      '2026-12-02 copy null',
      '2026-12-02 log null',
    ]);
  });

  it('given one byte of one event flipped, when verified, then exit 1 names that position as changed', async () => {
    const dataDir = copyOf(history.dataDir);
    const target = tamper(dataDir, (db) => {
      const row = rowsOf(db).find((candidate) => candidate.type === 'PaymentCompleted')!;
      const at = row.data.search(/[0-8]/);
      const flipped = `${row.data.slice(0, at)}${Number(row.data[at]) + 1}${row.data.slice(at + 1)}`;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(flipped, row.position);
      return row;
    });
    const run = await ledger(['verify'], dataDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `FAILED at position ${target.position}: changed — revision ${target.revision} does not match its hash`,
    );
  });

  it('given an event deleted from the middle of its stream, when verified, then the gap is named at the next event of that stream', async () => {
    const dataDir = copyOf(history.dataDir);
    const { deleted, next } = tamper(dataDir, (db) => {
      const rows = rowsOf(db);
      const victim = rows.find((row) => isPayment(row) && row.type === 'PaymentCompleted')!;
      db.prepare('DELETE FROM events WHERE position = ?').run(victim.position);
      const following = rows.find(
        (row) => row.stream === victim.stream && row.revision === victim.revision + 1,
      )!;
      return { deleted: victim, next: following };
    });
    const { code, body } = await ledgerJson<Report>(['verify'], dataDir);
    expect(code).toBe(1);
    expect(body.problems[0]).toMatchObject({
      kind: 'missing',
      position: String(next.position),
      stream: deleted.stream,
    });
  });

  it("given a stream's last event deleted, when verified, then the day's seal finds one missing", async () => {
    const dataDir = copyOf(history.dataDir);
    tamper(dataDir, (db) => {
      const rows = rowsOf(db).filter((row) => row.position <= cutOf(history, '2026-12-01'));
      const lasts = rows.filter(
        (row) =>
          isPayment(row) &&
          !rows.some((other) => other.stream === row.stream && other.revision > row.revision),
      );
      db.prepare('DELETE FROM events WHERE position = ?').run(lasts[1]!.position);
    });
    const { code, body } = await ledgerJson<Report>(['verify'], dataDir);
    expect(code).toBe(1);
    expect(body.problems[0]).toMatchObject({ kind: 'missing', date: '2026-12-01' });
  });

  it('given two events of different streams swapped, when verified, then the seal finds the day reordered', async () => {
    const dataDir = copyOf(history.dataDir);
    tamper(dataDir, (db) => {
      const rows = rowsOf(db).filter((row) => row.position <= cutOf(history, '2026-12-01'));
      // Neighbours of different streams: each stream's own order stays as it was.
      const index = rows.findIndex(
        (row, i) => i > 0 && isPayment(row) && rows[i + 1]!.stream !== row.stream,
      );
      const [a, b] = [rows[index]!, rows[index + 1]!];
      const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      move.run(-1, a.position);
      move.run(a.position, b.position);
      move.run(b.position, -1);
    });
    const { code, body } = await ledgerJson<Report>(['verify'], dataDir);
    expect(code).toBe(1);
    expect(body.problems[0]).toMatchObject({ kind: 'reordered', date: '2026-12-01' });
  });

  it('given a forged event, properly chained, slipped into a sealed day, when verified, then the seal finds one extra', async () => {
    const dataDir = copyOf(history.dataDir);
    tamper(dataDir, (db) => {
      const rows = rowsOf(db);
      const cut = cutOf(history, '2026-12-01');
      // A refund nobody made: a PaymentCancelled after the payment's last event of day 1,
      // with a hash the forger computed by the published rule.
      const inDay = rows.filter((row) => row.position <= cut && isPayment(row));
      const target = inDay.find(
        (row) =>
          row.type === 'PaymentCompleted' &&
          !inDay.some((o) => o.stream === row.stream && o.revision > row.revision),
      )!;
      const last = JSON.parse(target.metadata) as Record<string, unknown>;
      const forged = {
        stream: target.stream,
        revision: target.revision + 1,
        type: 'PaymentCancelled',
        data: JSON.stringify({
          paymentId: target.stream.slice('payment-'.length),
          amountKrw: 1000,
        }),
        metadata: JSON.stringify({ occurredAt: last.occurredAt, prevHash: last.hash }),
      };
      const hash = eventHash(hashedOf(forged), String(last.hash));
      const metadata = JSON.stringify({ ...(JSON.parse(forged.metadata) as object), hash });
      const at = target.position + 1;
      // Make room: every later event moves up one position, as a rewrite of the file would.
      db.prepare('UPDATE events SET position = -position - 1 WHERE position >= ?').run(at);
      db.prepare('UPDATE events SET position = -position WHERE position < 0').run();
      db.prepare(
        'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(
        at,
        forged.stream,
        forged.revision,
        'forged-event',
        forged.type,
        forged.data,
        metadata,
        '2026-12-01T03:00:00.000Z',
      );
    });
    const { code, body } = await ledgerJson<Report>(
      ['verify', '--digests', history.copiedDigests],
      dataDir,
    );
    expect(code).toBe(1);
    const found = body.problems.filter((problem) => problem.date === '2026-12-01');
    expect(found.map((problem) => problem.kind)).toContain('extra');
    expect(found[0]!.detail).toMatch(/1 event\(s\) in positions/);
  });

  it('given the tail cut off inside a sealed day, when verified, then only the copied seals can tell, and they name where the log ends', async () => {
    const dataDir = copyOf(history.dataDir);
    const keep = cutOf(history, '2026-12-02') - 2;
    tamper(dataDir, (db) => db.prepare('DELETE FROM events WHERE position > ?').run(keep));

    // The log's own seal of 2026-12-02 went with the tail: the chain alone sees nothing wrong.
    expect((await ledger(['verify'], dataDir)).code).toBe(0);

    const { code, body } = await ledgerJson<Report>(
      ['verify', '--digests', history.copiedDigests],
      dataDir,
    );
    expect(code).toBe(1);
    expect(body.problems[0]).toMatchObject({
      kind: 'missing',
      position: String(keep + 1),
      date: '2026-12-02',
    });
    expect(body.problems[0]!.detail).toMatch(
      new RegExp(
        `covers up to position ${cutOf(history, '2026-12-02')}, the log holds up to ${keep}`,
      ),
    );
  });
});
