import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: `npm run bench` builds here and starts `dist/apps/server/src/main.js`. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVER_ENTRY = join(REPO_ROOT, 'dist', 'apps', 'server', 'src', 'main.js');

export type BenchRole = 'client' | 'gateway' | 'auditor' | 'admin';
export type ApiKeys = Readonly<Record<BenchRole, string>>;

/** Fresh keys for this run: production mode refuses the public development keys. */
export function freshApiKeys(): ApiKeys {
  const key = (role: BenchRole) => `bench-${role}-${randomBytes(12).toString('hex')}`;
  return {
    client: key('client'),
    gateway: key('gateway'),
    auditor: key('auditor'),
    admin: key('admin'),
  };
}

export interface ServerOptions {
  /** LEDGER_DATA_DIR: a fresh temp folder, or one a row filled beforehand. */
  readonly dataDir: string;
  readonly keys: ApiKeys;
  /** Extra `node` arguments before the entry point, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** LEDGER_ROLE (default `all`: the API and the worker in one process, as `npm start`). */
  readonly role?: 'all' | 'api';
  readonly startTimeoutMs?: number;
}

const READY_LINE = /process on http:\/\/localhost:(\d+)/;

/**
 * One server process of the built code, as production runs it: NODE_ENV=production, its own API
 * keys and phone-key secret, PORT=0 (the start-up line says which port it bound). Nothing of the
 * caller's LEDGER_* environment leaks in. Its output goes to `server.log` in the data folder.
 */
export class LedgerServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly url: string,
    readonly logFile: string,
  ) {}

  static async start(options: ServerOptions): Promise<LedgerServer> {
    if (!existsSync(SERVER_ENTRY)) {
      throw new Error(`${SERVER_ENTRY} is missing: run npm run build (or drop --no-build)`);
    }
    const logFile = join(options.dataDir, 'server.log');
    const log = createWriteStream(logFile);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_ENTRY], {
      cwd: REPO_ROOT,
      env: serverEnvironment(options),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const port = await portOf(child, options.startTimeoutMs ?? 180_000).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${messageOf(error)}; log: ${tailOf(logFile)}`);
    });
    return new LedgerServer(child, exited, `http://127.0.0.1:${port}`, logFile);
  }

  get pid(): number {
    const { pid } = this.child;
    if (pid === undefined) throw new Error('The server process has no pid');
    return pid;
  }

  /** Resident memory (VmRSS of /proc/<pid>/status), in bytes. */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (kilobytes === undefined) throw new Error('No VmRSS in /proc status');
    return Number(kilobytes) * 1024;
  }

  /** SIGTERM (the app closes its store and, with --cpu-prof, writes the profile); SIGKILL after 30 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function serverEnvironment(options: ServerOptions): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('LEDGER_') && name !== 'PORT' && name !== 'NODE_ENV',
  );
  const { keys } = options;
  return {
    ...Object.fromEntries(inherited),
    NODE_ENV: 'production',
    PORT: '0',
    LEDGER_ROLE: options.role ?? 'all',
    LEDGER_DATA_DIR: options.dataDir,
    LEDGER_GUEST_PHONE_KEY_SECRET: randomBytes(24).toString('hex'),
    LEDGER_REQUEST_FINGERPRINT_SECRET: randomBytes(24).toString('hex'),
    LEDGER_API_KEYS: (Object.keys(keys) as BenchRole[])
      .map((role) => `${role}:${keys[role]}`)
      .join(','),
  };
}

function portOf(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no start-up line in ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString('utf8')).slice(-4096);
      const port = READY_LINE.exec(seen)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolvePort(Number(port));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}

function tailOf(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' / ');
  } catch {
    return '(no log)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
