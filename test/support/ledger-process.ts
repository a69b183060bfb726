/**
 * Real processes of the one binary (apps/server) for tests of roles and crashes: each runs
 * `apps/server/src/main.ts` under ts-node in its own Node process, with the environment given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import request from 'supertest';
import { checkResponsesAgainstOpenApi, forgetOpenApiContract } from './openapi/conformance';
import { DEV_KEYS, type Role } from './test-app';

// Every answer of a process is checked against the OpenAPI document that process serves.
checkResponsesAgainstOpenApi();

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'apps/server/src/main.ts');
const LISTENING = /process on (http:\/\/localhost:\d+)/;

export interface LedgerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  get(role: Role | null, route: string): request.Test;
  put(role: Role, route: string, body: object, idempotencyKey: string): request.Test;
  post(role: Role, route: string, body: object | undefined, idempotencyKey: string): request.Test;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts a process (PORT=0: the system picks the port) and resolves once it listens. */
export async function startLedgerProcess(env: NodeJS.ProcessEnv): Promise<LedgerProcess> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`The process exited (${code}):\n${output}`)));
  });
  // Another process may listen on this port later, with another configuration (and document).
  void exited.then(() => forgetOpenApiContract(url));
  const withKey = (call: request.Test, role: Role | null): request.Test =>
    role === null ? call : call.set('Authorization', `Bearer ${DEV_KEYS[role]}`);
  return {
    url,
    child,
    output: () => output,
    get: (role, route) => withKey(request(url).get(route), role),
    put: (role, route, body, key) =>
      withKey(request(url).put(route), role).set('Idempotency-Key', key).send(body),
    post: (role, route, body, key) => {
      const call = withKey(request(url).post(route), role).set('Idempotency-Key', key);
      return body === undefined ? call : call.send(body);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
