import type { AuditRecord } from './audit-record';
import { hashedEventOf } from './audit-record';
import { eventHash } from './event-hash';
import { SealBuilder } from './seal';
import { LogVerifier, type SealClaim, type VerifyOptions, type VerifyReport } from './verifier';

interface Draft {
  readonly stream: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A log of chained records at positions 1, 2, 3…, as the command loop writes them. */
function chained(drafts: readonly Draft[], firstPosition = 1): AuditRecord[] {
  const tips = new Map<string, { revision: number; hash: string }>();
  return drafts.map((draft, index) => {
    const tip = tips.get(draft.stream);
    const revision = tip === undefined ? 0 : tip.revision + 1;
    const prevHash = tip?.hash ?? null;
    const unhashed: AuditRecord = {
      position: String(firstPosition + index),
      stream: draft.stream,
      revision: String(revision),
      type: draft.type,
      data: draft.data as AuditRecord['data'],
      metadata: { occurredAt: `2026-12-01T10:00:00.000+09:00`, correlationId: draft.type },
      createdAt: '2026-12-01T01:00:00.000Z',
    };
    const hash = eventHash(hashedEventOf(unhashed), prevHash);
    tips.set(draft.stream, { revision, hash });
    return { ...unhashed, metadata: { ...unhashed.metadata, prevHash, hash } };
  });
}

/** The seal a close makes over records (after, until], from `source`. */
function sealOf(
  records: readonly AuditRecord[],
  after: number,
  until: number,
  source: SealClaim['source'] = 'copy',
): SealClaim {
  const builder = new SealBuilder();
  for (const record of records) {
    const position = BigInt(record.position);
    if (position > after && position <= until)
      builder.add(position, record.metadata.hash as string);
  }
  return {
    date: '2026-12-01',
    source,
    previousCut: BigInt(after),
    cut: BigInt(until),
    ...builder.seal(),
  };
}

function verify(records: readonly AuditRecord[], options: VerifyOptions = {}): VerifyReport {
  const verifier = new LogVerifier(options);
  for (const record of records) verifier.add(record);
  return verifier.finish();
}

/** Renumbers records 1, 2, 3… in their order, as someone rewriting the file would. */
function renumbered(records: readonly AuditRecord[]): AuditRecord[] {
  return records.map((record, index) => ({ ...record, position: String(index + 1) }));
}

const A = 'payment-a';
const B = 'payment-b';
const C = 'payment-c';
const day = (): Draft[] => [
  { stream: A, type: 'PaymentRequested', data: { paymentId: 'a', amountKrw: 2000 } },
  { stream: B, type: 'PaymentRequested', data: { paymentId: 'b', amountKrw: 1000 } },
  { stream: A, type: 'PaymentCompleted', data: { paymentId: 'a', amountKrw: 2000 } },
  { stream: C, type: 'PaymentRequested', data: { paymentId: 'c', amountKrw: 3000 } },
  { stream: B, type: 'PaymentCompleted', data: { paymentId: 'b', amountKrw: 1000 } },
  { stream: A, type: 'JudgmentViewed', data: { paymentId: 'a', itemId: 'i-1' } },
  { stream: C, type: 'PaymentFailed', data: { paymentId: 'c', code: 'P001' } },
];

describe('LogVerifier: every hash and every seal recomputed (docs/audit.md §8)', () => {
  const log = chained(day());
  const seal = sealOf(log, 0, 7);

  it('given an untouched log and its copied seal, when verified, then all is well', () => {
    const report = verify(log, { seals: [seal] });
    expect(report).toMatchObject({ ok: true, events: 7, streams: 3, problems: [] });
    expect(report.seals).toEqual([expect.objectContaining({ date: '2026-12-01', problem: null })]);
  });

  it('given one character of one event changed, when verified, then that position is changed', () => {
    const tampered = log.map((record) =>
      record.position === '3' ? { ...record, data: { paymentId: 'a', amountKrw: 3000 } } : record,
    );
    const report = verify(tampered, { seals: [seal] });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'changed', position: '3', stream: A });
  });

  it('given a middle event of a stream deleted, when verified, then the chain names the gap', () => {
    const report = verify(
      log.filter((record) => record.position !== '3'),
      { seals: [seal] },
    );
    expect(report.problems[0]).toMatchObject({ kind: 'missing', position: '6', stream: A });
    expect(report.problems[0]!.detail).toMatch(/revision 1 of the stream is missing/);
  });

  it("given a stream's last event deleted, when verified, then only the seal sees it missing", () => {
    const report = verify(
      log.filter((record) => record.position !== '7'),
      { seals: [seal] },
    );
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'missing', position: '7', date: '2026-12-01' }),
    ]);
  });

  it('given two events of different streams swapped, when verified, then the seal sees them reordered', () => {
    const swapped = [...log];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    const report = verify(renumbered(swapped), { seals: [seal] });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'reordered', position: '1', date: '2026-12-01' }),
    ]);
  });

  it('given two events of one stream swapped, when verified, then the chain names the position', () => {
    const swapped = [...log];
    [swapped[0], swapped[2]] = [swapped[2]!, swapped[0]!];
    const report = verify(renumbered(swapped), { seals: [seal] });
    expect(report.problems[0]).toMatchObject({ kind: 'missing', position: '1', stream: A });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'reordered', position: '3', stream: A }),
    );
  });

  it('given a forged event chained properly and slipped into the sealed day, when verified, then the seal finds it extra', () => {
    const forgedDay = chained([
      ...day().slice(0, 5),
      { stream: B, type: 'PaymentCancelled', data: { paymentId: 'b', amountKrw: 1000 } },
      ...day().slice(5),
    ]);
    const report = verify(forgedDay, { seals: [seal] });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'extra', position: '1', date: '2026-12-01' }),
    ]);
    expect(report.problems[0]!.detail).toMatch(/1 event\(s\).*now at 8/);
  });

  it('given the tail after a copied seal cut off, when verified, then the seal names where it ends', () => {
    const report = verify(log.slice(0, 4), { seals: [seal] });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'missing', position: '5', date: '2026-12-01' }),
    ]);
    expect(report.problems[0]!.detail).toMatch(/covers up to position 7, the log holds up to 4/);
  });

  it('given a cut-off tail and no copied seal, when verified, then nothing can tell', () => {
    expect(verify(log.slice(0, 4)).ok).toBe(true);
  });

  it('given an event changed and its chain and in-log seal recomputed, when verified against the copy, then only the copy catches it', () => {
    const drafts = day();
    drafts[2] = { ...drafts[2]!, data: { paymentId: 'a', amountKrw: 200 } };
    const rewritten = chained(drafts);
    const rewrittenSeal = sealOf(rewritten, 0, 7, 'log');
    const closed: AuditRecord = {
      position: '8',
      stream: 'settlement-2026-12-01',
      revision: '0',
      type: 'SettlementClosed',
      data: {
        date: '2026-12-01',
        previousCut: '0',
        countedUpToPosition: '7',
        digest: {
          root: rewrittenSeal.root,
          setRoot: rewrittenSeal.setRoot,
          count: rewrittenSeal.count,
          firstPosition: rewrittenSeal.firstPosition,
          lastPosition: rewrittenSeal.lastPosition,
          lastHash: rewrittenSeal.lastHash,
        },
      },
      metadata: {},
      createdAt: '2026-12-01T15:00:00.000Z',
    };
    expect(verify([...rewritten, closed]).ok).toBe(true);
    const report = verify([...rewritten, closed], { seals: [seal] });
    expect(report.problems.map(({ kind, date }) => ({ kind, date }))).toEqual([
      { kind: 'changed', date: '2026-12-01' },
      { kind: 'changed', date: '2026-12-01' },
    ]);
    expect(report.problems.map((problem) => problem.detail).join('\n')).toMatch(
      /the log's seal of 2026-12-01 differs from the copied one/,
    );
  });

  it('given a slice of the log (an export), when verified, then streams may begin mid-chain', () => {
    const slice = log.slice(2);
    const report = verify(slice, { slice: { after: 2n, until: 7n }, seals: [sealOf(log, 2, 7)] });
    expect(report).toMatchObject({ ok: true, events: 5 });
  });

  it('given events written before chains, when verified, then their hashes follow the genesis rule', () => {
    const legacy = log.map((record) => {
      const { hash: _hash, prevHash: _prev, ...metadata } = record.metadata;
      return { ...record, metadata };
    });
    const report = verify(legacy, { seals: [seal] });
    expect(report).toMatchObject({ ok: true, unhashedEvents: 7 });
  });

  it('given a hash stripped from an event after hashed ones, when verified, then it is changed', () => {
    const stripped = log.map((record) => {
      if (record.position !== '6') return record;
      const { hash: _hash, prevHash: _prev, ...metadata } = record.metadata;
      return { ...record, metadata };
    });
    const report = verify(stripped);
    expect(report.problems[0]).toMatchObject({ kind: 'changed', position: '6' });
  });

  it('given events after the last seal, when verified, then they are reported as unsealed', () => {
    const report = verify(log, { seals: [sealOf(log, 0, 5)] });
    expect(report).toMatchObject({ ok: true, unsealed: { count: 2, afterPosition: '5' } });
  });
});
