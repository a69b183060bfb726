/**
 * The service under fuzzing: one real process of the one binary on the embedded store, in a
 * fresh data folder, with the test clock on (so valid requests can move time across midnight),
 * listening on a port the system picks. Started from the build in dist/ (the CLI builds it first)
 * or from the TypeScript sources under ts-node (the Jest short run, which needs no build).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { testServiceEnv } from '../support/service-env';

const ROOT = path.resolve(__dirname, '..', '..');
const LISTENING = /process on http:\/\/localhost:(\d+)/;
/** What is kept of the process's output for a failure's report. */
const OUTPUT_TAIL_CHARS = 20_000;
const START_TIMEOUT_MS = 60_000;

export type Runtime = 'dist' | 'ts-node';

export interface Service {
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** The process has exited; `exitDescription` says how. */
  exited(): boolean;
  exitDescription(): string;
  /** The end of what the process wrote. */
  output(): string;
  /** Resident set size in bytes, or undefined once the process is gone. */
  rssBytes(): number | undefined;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

/** `npm run build`; throws with the compiler's output when it fails. */
export function build(): void {
  const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`npm run build failed (${String(run.status)}):\n${run.stdout}${run.stderr}`);
  }
}

export async function startService(runtime: Runtime): Promise<Service> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ledger-fuzz-'));
  const args =
    runtime === 'dist'
      ? [path.join(ROOT, 'dist/apps/server/src/main.js')]
      : [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          path.join(ROOT, 'apps/server/src/main.ts'),
        ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // `sandbox-cancel-slow` cancels hold a request this long: long enough to overlap others.
    env: testServiceEnv({ dataDir, sandboxSlowMs: 200 }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const watch = (): void => {
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', watch);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the service exited on start (${exit ?? '?'}):\n${output}`));
    });
  });
  const pid = child.pid ?? -1;
  return {
    port,
    pid,
    dataDir,
    exited: () => exit !== undefined,
    exitDescription: () => exit ?? 'running',
    output: () => output,
    rssBytes: () => (exit === undefined ? rssOf(pid) : undefined),
    async stop() {
      if (exit === undefined) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
    const kib = Number(ps.stdout.trim());
    return ps.status === 0 && kib > 0 ? kib * 1024 : undefined;
  }
}
