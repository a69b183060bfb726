import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  auditRecordOf,
  sealClaimOf,
  verifyExport,
  verifyRecords,
  walkLog,
  type SealClaim,
  type VerifyReport,
} from '@lib/audit';
import { END, type EventStore } from '@lib/event-store';
import {
  CliError,
  EXIT,
  count,
  printJson,
  progressBar,
  type CliIo,
  type ExitCode,
} from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';

export interface VerifyOptions extends SourceOptions {
  readonly digests?: string;
  readonly json?: boolean;
}

/** How many problems the human report lists after the first. */
const LISTED_PROBLEMS = 10;

/**
 * `ledger verify [export]`: every hash and every seal recomputed (docs/audit.md §8), over the
 * store, or over an export file alone; with `--digests DIR`, also against the copied seals.
 */
export async function verifyCommand(
  exportFile: string | undefined,
  options: VerifyOptions,
  io: CliIo,
): Promise<ExitCode> {
  const copies =
    options.digests === undefined ? [] : await readCopiedSeals(resolve(io.cwd, options.digests));
  const json = options.json === true;
  let report: VerifyReport;
  let subject: string;
  if (exportFile !== undefined) {
    const path = resolve(io.cwd, exportFile);
    if (!existsSync(path)) throw new CliError(`No export at ${path}`, EXIT.usage);
    subject = path;
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    report = await verifyExport(lines, copies);
  } else {
    report = await withLedgerSource(options, io, async (source) => {
      subject = source.label;
      const total = await logLength(source.store);
      const progress = progressBar(io, json, 'verify', total);
      try {
        return await verifyRecords(
          records(walkLog(source.store)),
          { seals: copies },
          (done, position) => progress.update(Number(position), `${count(done)} events`),
        );
      } finally {
        progress.stop();
      }
    });
  }
  if (json) printJson(io, { subject: subject!, copiedSeals: copies.length, ...report });
  else printReport(io, subject!, report, copies.length);
  return report.ok ? EXIT.ok : EXIT.notWell;
}

async function* records(pages: ReturnType<typeof walkLog>) {
  for await (const page of pages) yield page.map(auditRecordOf);
}

/** The position of the log's last event: the bar's total (positions are dense on SQLite). */
export async function logLength(store: EventStore): Promise<number> {
  const [last] = await store.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 });
  return last === undefined ? 0 : Number(last.position.commit);
}

/** Every `<date>.digest` in the folder, checked for shape. */
async function readCopiedSeals(folder: string): Promise<SealClaim[]> {
  const names = await readdir(folder).catch(() => {
    throw new CliError(`No digests folder at ${folder}`, EXIT.usage);
  });
  const claims: SealClaim[] = [];
  for (const name of names.filter((file) => file.endsWith('.digest')).sort()) {
    const text = await readFile(join(folder, name), 'utf8');
    try {
      claims.push(sealClaimOf(JSON.parse(text), 'copy'));
    } catch (error) {
      throw new CliError(`${name}: ${(error as Error).message}`);
    }
  }
  if (claims.length === 0) throw new CliError(`No .digest files in ${folder}`, EXIT.usage);
  return claims;
}

function printReport(io: CliIo, subject: string, report: VerifyReport, copies: number): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out(`Verified ${subject}`);
  const legacy =
    report.unhashedEvents === 0
      ? ''
      : ` (${count(report.unhashedEvents)} written before hash chains)`;
  out(`  events:  ${count(report.events)} in ${count(report.streams)} streams${legacy}`);
  const bySource = (source: string) => report.seals.filter((seal) => seal.source === source).length;
  const failed = report.seals.filter((seal) => seal.problem !== null).length;
  out(
    `  seals:   ${report.seals.length} checked (${bySource('log')} in the log, ${bySource('copy')} copied` +
      `${bySource('export') > 0 ? `, ${bySource('export')} in the export` : ''})` +
      (failed === 0
        ? report.problems.length === 0
          ? ', all hold'
          : ', all hold over the hashes as stored'
        : `, ${failed} do not hold`),
  );
  if (copies === 0 && bySource('export') === 0) {
    out(
      '  note:    without --digests only accidents and careless edits are caught (docs/audit.md §9)',
    );
  }
  if (report.unsealed.count > 0) {
    out(
      `  unsealed: ${count(report.unsealed.count)} events after position ${report.unsealed.afterPosition} (no seal covers them yet)`,
    );
  }
  const [first, ...rest] = report.problems;
  if (first === undefined) {
    out('OK');
    return;
  }
  out(
    `FAILED at position ${first.position ?? '?'}: ${first.kind} — ${first.detail}${where(first)}`,
  );
  for (const problem of rest.slice(0, LISTED_PROBLEMS)) {
    out(
      `  then at position ${problem.position ?? '?'}: ${problem.kind} — ${problem.detail}${where(problem)}`,
    );
  }
  if (rest.length > LISTED_PROBLEMS)
    out(`  … and ${rest.length - LISTED_PROBLEMS} more (--json lists up to 100)`);
}

function where(problem: { stream?: string; date?: string }): string {
  if (problem.stream !== undefined) return ` (stream ${problem.stream})`;
  if (problem.date !== undefined) return ` (seal of ${problem.date})`;
  return '';
}
