/**
 * The real service for the chaos loop: one process of the one binary (LEDGER_ROLE=all) on the
 * embedded SQLite store, started from the build in dist/ when that build is at least as new as
 * every source file (as `npx ledger` decides, bin/ledger.js), else from the TypeScript sources
 * under ts-node (as test/support/ledger-process.ts does), so `npm test` needs no build and never
 * runs stale code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { testServiceEnv } from '../support/service-env';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_MAIN = path.join(ROOT, 'apps/server/src/main.ts');
const BUILT_MAIN = path.join(ROOT, 'dist/apps/server/src/main.js');
const LISTENING = /process on (http:\/\/localhost:\d+)/;
/** The output kept for a failure's message: the last this many characters. */
const OUTPUT_TAIL_CHARS = 20_000;

export interface ServiceOptions {
  readonly dataDir: string;
  /** How long `sandbox-cancel-slow` answers take (LEDGER_SANDBOX_SLOW_MS). */
  readonly slowMs: number;
  /** Give up on a start after this long. */
  readonly startTimeoutMs?: number;
}

export interface Service {
  readonly url: string;
  readonly pid: number;
  /** What started it: `dist` or `ts-node`. */
  readonly runtime: 'dist' | 'ts-node';
  /** How long it took to listen. */
  readonly startMs: number;
  /** The end of what the process wrote (stdout and stderr). */
  output(): string;
  /** Lines the process wrote at error level so far (Nest's `ERROR`), for the report. */
  errorLines(): string[];
  /** kill -9, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit; SIGKILL after `timeoutMs`. True when it stopped by itself. */
  stop(timeoutMs: number): Promise<boolean>;
  readonly exited: boolean;
}

/** The newest modification time of the TypeScript under apps/ and libs/. */
function newestSourceMs(): number {
  let newest = 0;
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const top of ['apps', 'libs']) visit(path.join(ROOT, top));
  return newest;
}

/** `dist` when the build is current, else `ts-node` (decided once per run). */
export function chooseRuntime(): 'dist' | 'ts-node' {
  return existsSync(BUILT_MAIN) && statSync(BUILT_MAIN).mtimeMs >= newestSourceMs()
    ? 'dist'
    : 'ts-node';
}

/** Starts the service and resolves once it listens. */
export async function startService(
  options: ServiceOptions,
  runtime: 'dist' | 'ts-node',
): Promise<Service> {
  const started = performance.now();
  const args =
    runtime === 'dist'
      ? [BUILT_MAIN]
      : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', SOURCE_MAIN];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: testServiceEnv({ dataDir: options.dataDir, sandboxSlowMs: options.slowMs }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const errors: string[] = [];
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let listening: string | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The service did not listen within ${options.startTimeoutMs ?? 60_000} ms`));
    }, options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-OUTPUT_TAIL_CHARS);
      for (const line of text.split('\n')) if (/\bERROR\b/.test(line)) errors.push(line.trim());
      if (listening === undefined) {
        listening = LISTENING.exec(output)?.[1];
        if (listening !== undefined) {
          clearTimeout(timer);
          resolve(listening);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`The service exited before it listened:\n${output}`));
    });
  });
  const startMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    runtime,
    startMs,
    output: () => output,
    errorLines: () => [...errors],
    get exited() {
      return exited;
    },
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await exit;
    },
    async stop(timeoutMs) {
      if (exited) return true;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const stoppedInTime = await Promise.race([
        exit.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!stoppedInTime) {
        child.kill('SIGKILL');
        await exit;
      }
      return stoppedInTime;
    },
  };
}
