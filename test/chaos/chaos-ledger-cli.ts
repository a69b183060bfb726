/**
 * The operator's CLI (`npx ledger`, apps/cli) as the chaos loop runs it on the data folder, in
 * this process (as test/support/audited-ledger.ts does): `verify` (every hash and seal holds) and
 * `replay` (the live read models equal a clean rebuild from the log), each with `--json`.
 */
import * as os from 'node:os';
import { runLedgerCli, type CliIo } from '@app/cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runLedger(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: os.tmpdir(),
  };
  const code = await runLedgerCli(args, io);
  return { code, stdout, stderr };
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly detail: string;
}

/** `ledger verify --json` on the data folder: every hash chain and seal holds. */
export async function verifyLedger(dataDir: string): Promise<VerifyResult> {
  const run = await runLedger(['verify', '--data-dir', dataDir, '--json']);
  if (run.code === 0) return { ok: true, detail: '' };
  return { ok: false, detail: `exit ${run.code}: ${(run.stdout + run.stderr).slice(0, 2_000)}` };
}

export interface ReplayResult {
  /** The rebuild equals the read models given. */
  readonly same: boolean;
  /** Events of the log the given read models had not applied yet ("0": caught up). */
  readonly behind: string;
  readonly detail: string;
}

/** `ledger replay --json`: rebuilds every read model from the log and diffs it with `readModels`. */
export async function replayLedger(dataDir: string, readModels: string): Promise<ReplayResult> {
  const run = await runLedger([
    'replay',
    '--data-dir',
    dataDir,
    '--read-models',
    readModels,
    '--json',
  ]);
  try {
    const report = JSON.parse(run.stdout) as { same?: boolean; liveBehindBy?: string };
    return {
      same: report.same === true && run.code === 0,
      behind: report.liveBehindBy ?? '?',
      detail: run.stdout.slice(0, 3_000),
    };
  } catch {
    return { same: false, behind: '?', detail: `exit ${run.code}: ${run.stderr.slice(0, 2_000)}` };
  }
}
