import { ExportFormatError, readExportLines, type ExportHeader } from './export-format';
import { sealClaimOf } from './sealed-digest';
import { LogVerifier, type SealClaim, type VerifyProblem, type VerifyReport } from './verifier';

export interface ExportVerifyReport extends VerifyReport {
  readonly header: ExportHeader;
}

/**
 * `ledger verify <export>`: an export checked on its own (docs/audit.md §8). Its seals must tile
 * the slice it claims, (afterPosition, untilPosition]; its events are checked as the log's are,
 * with each stream's first event in the export taken as that stream's anchor. `copies` are
 * copied `.digest` files: the export's seals must agree with them.
 */
export async function verifyExport(
  lines: AsyncIterable<string>,
  copies: readonly SealClaim[] = [],
  onProgress?: (events: number, lastPosition: string) => void,
): Promise<ExportVerifyReport> {
  let header: ExportHeader | null = null;
  const seals: SealClaim[] = [];
  let verifier: LogVerifier | null = null;
  let events = 0;
  const start = (): LogVerifier => {
    if (header === null) throw new ExportFormatError('the export has no header line');
    const slice = { after: BigInt(header.afterPosition), until: BigInt(header.untilPosition) };
    return new LogVerifier({ seals: [...seals, ...copies], slice });
  };
  for await (const { line, number } of readExportLines(lines)) {
    if (line.kind === 'export') {
      if (header !== null) throw new ExportFormatError(`line ${number}: a second header`);
      header = line;
    } else if (line.kind === 'seal') {
      if (verifier !== null) throw new ExportFormatError(`line ${number}: a seal after the events`);
      seals.push(sealClaimOf(line, 'export'));
    } else {
      verifier ??= start();
      const { kind: _kind, ...record } = line;
      verifier.add(record);
      events += 1;
      if (events % 1_000 === 0) onProgress?.(events, record.position);
    }
  }
  verifier ??= start();
  const report = verifier.finish();
  const coverage = tilingProblem(header!, seals);
  const problems = coverage === null ? report.problems : [coverage, ...report.problems];
  return { ...report, ok: problems.length === 0, problems, header: header! };
}

/** The export's seals must cover its slice exactly, one after the other. */
function tilingProblem(header: ExportHeader, seals: readonly SealClaim[]): VerifyProblem | null {
  let expected = BigInt(header.afterPosition);
  const until = BigInt(header.untilPosition);
  const sorted = [...seals].sort((a, b) => (a.cut < b.cut ? -1 : a.cut > b.cut ? 1 : 0));
  for (const seal of sorted) {
    if (seal.previousCut !== expected) {
      return {
        kind: 'missing',
        position: (expected + 1n).toString(),
        date: seal.date,
        detail: `the export's seals leave positions ${expected + 1n}–${seal.previousCut} unsealed`,
      };
    }
    expected = seal.cut;
  }
  if (expected !== until) {
    return {
      kind: 'missing',
      position: (expected + 1n).toString(),
      detail: `the export claims positions up to ${until}, its seals cover up to ${expected}`,
    };
  }
  return null;
}
