/**
 * Issue 13, graceful shutdown of the real binary. On SIGTERM the process refuses new connections,
 * answers a request that still arrives on an open connection 503 SHUTTING_DOWN (Connection: close),
 * lets a cancellation in flight (a `sandbox-cancel-slow` PG call) finish with its normal answer,
 * stops its worker at a checkpoint, closes the store with its WAL checkpointed, and exits 0; a
 * restart on the same data folder shows the cancellation exactly once and `ledger verify` passes.
 * When the requests in flight outlast LEDGER_SHUTDOWN_GRACE_SECONDS it exits 1 naming them, and
 * the reconciler settles what was cut off, once.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { openSqliteEventStore } from '@lib/event-store';
import { isoInstant } from '@lib/ledger';
import { ledger as ledgerCli } from './support/audited-ledger';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { approval, cardPaymentBody, newMemberId, type PaymentBody } from './support/test-app';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '..', 'bin', 'ledger.js');

interface SandboxBody {
  refunds: unknown[];
  cancelCalls: number;
}

/** A completed card payment whose cancellation the sandbox PG answers slowly. */
async function slowCancellablePayment(
  ledger: LedgerProcess,
): Promise<{ paymentId: string; pgTransactionId: string }> {
  const pgTransactionId = `sandbox-cancel-slow-${newMemberId()}`;
  const requested = await ledger
    .post('client', '/v1/payments', cardPaymentBody(2, newMemberId()), `${pgTransactionId}-1`)
    .expect(201);
  const { paymentId } = requested.body as PaymentBody;
  await ledger
    .post(
      'gateway',
      `/v1/payments/${paymentId}/complete`,
      approval(2_000, { pgTransactionId }),
      `${pgTransactionId}-2`,
    )
    .expect(200);
  return { paymentId, pgTransactionId };
}

/** Waits until the PG has refunded (it then holds its answer for LEDGER_SANDBOX_SLOW_MS). */
async function refundedAtThePg(ledger: LedgerProcess, pgTransactionId: string): Promise<void> {
  for (let ask = 0; ask < 2_000; ask += 1) {
    const books = await ledger.get('admin', `/v1/sandbox-pg/transactions/${pgTransactionId}`);
    if ((books.body as SandboxBody).refunds.length > 0) return;
  }
  throw new Error('The PG never refunded');
}

/** Waits for the process to write `pattern` (it writes as it stops). */
async function written(ledger: LedgerProcess, pattern: RegExp): Promise<void> {
  while (!pattern.test(ledger.output())) {
    if (ledger.child.exitCode !== null) throw new Error(`Exited first:\n${ledger.output()}`);
    await once(ledger.child.stdout!, 'data');
  }
}

function exitOf(ledger: LedgerProcess): Promise<number | null> {
  return new Promise((resolve) => ledger.child.once('exit', (code) => resolve(code)));
}

/** Opens a connection and sends the first line of a request, not yet its end. */
async function halfSentRequest(url: string): Promise<net.Socket> {
  const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
  await once(socket, 'connect');
  socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n');
  return socket;
}

/** Sends the rest of the request and reads the whole answer (the server closes the connection). */
async function finishRequest(socket: net.Socket): Promise<string> {
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  socket.write('\r\n');
  await once(socket, 'close');
  return answer;
}

/** Whether a new connection is refused. */
async function connectionRefused(url: string): Promise<boolean> {
  const socket = net.connect(Number(new URL(url).port), '127.0.0.1');
  try {
    await once(socket, 'connect');
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  } finally {
    socket.destroy();
  }
}

async function eventTypes(dataDir: string, paymentId: string): Promise<string[]> {
  const store = openSqliteEventStore({
    path: path.join(dataDir, 'events.sqlite'),
    readOnly: true,
  });
  try {
    return (await store.readStream(`payment-${paymentId}`)).map((event) => event.type);
  } finally {
    await store.close();
  }
}

async function verify(dataDir: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'verify', '--data-dir', dataDir]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

const CANCELLED_ONCE = [
  'PaymentRequested',
  'PaymentCompleted',
  'PaymentCancellationStarted',
  'PaymentCancelled',
];

describe('Graceful shutdown of the real process (issue 13)', () => {
  let ledger: LedgerProcess | undefined;

  afterEach(async () => {
    await ledger?.stop();
    ledger = undefined;
  });

  it('given a cancellation in flight, when SIGTERM comes, then new requests are refused, the cancellation gets its answer, and the process exits 0 with the store closed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-graceful-'));
    // The PG's answer takes 4 s of real time: the window in which the test acts.
    const env = {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_TEST_CLOCK: 'true',
      LEDGER_SANDBOX_SLOW_MS: '4000',
    };
    ledger = await startLedgerProcess(env);
    const { paymentId, pgTransactionId } = await slowCancellablePayment(ledger);

    const answer = ledger
      .post('client', `/v1/payments/${paymentId}/cancel`, undefined, 'c-1')
      .then((response) => response);
    // A request whose end has not come yet when the process is told to stop. The requests that
    // follow (asking the PG's books) make sure the server has read its beginning by then.
    const late = await halfSentRequest(ledger.url);
    await refundedAtThePg(ledger, pgTransactionId);
    const exited = exitOf(ledger);
    ledger.child.kill('SIGTERM');
    await written(ledger, /SIGTERM: stopping/);

    expect(await connectionRefused(ledger.url)).toBe(true);
    const refused = await finishRequest(late);
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused).toMatch(/^connection: close\r$/im);
    expect(refused).toMatch(/^retry-after: 1\r$/im);
    expect(refused).toMatch(/^content-type: application\/problem\+json/im);
    expect(JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 503,
      code: 'SHUTTING_DOWN',
      message: expect.stringMatching(/[가-힣]/) as string,
    });

    const cancelled = await answer;
    expect({ status: cancelled.status, body: cancelled.body as unknown }).toMatchObject({
      status: 200,
      body: { paymentId, status: 'CANCELLED' },
    });
    expect(cancelled.headers.connection).toBe('close');
    expect(await exited).toBe(0);
    expect(ledger.output()).toMatch(/Stopped in [\d.]+ s; the store is closed/);
    // Closed cleanly: the WAL was checkpointed into the file and removed.
    expect(fs.existsSync(path.join(dataDir, 'events.sqlite-wal'))).toBe(false);

    ledger = await startLedgerProcess(env);
    expect((await ledger.get('client', `/v1/payments/${paymentId}`)).body).toMatchObject({
      status: 'CANCELLED',
    });
    const books = await ledger.get('admin', `/v1/sandbox-pg/transactions/${pgTransactionId}`);
    expect(books.body).toMatchObject({ refunds: [{}], cancelCalls: 1 });
    const exitedAgain = exitOf(ledger);
    await ledger.stop();
    expect(await exitedAgain).toBe(0);
    ledger = undefined;

    expect(await eventTypes(dataDir, paymentId)).toEqual(CANCELLED_ONCE);
    const verified = await verify(dataDir);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(/^OK$/m);
    // The read models the stopped processes left equal a rebuild from the log: nothing half-applied.
    const replayed = await ledgerCli(['replay'], dataDir);
    expect({ code: replayed.code, out: replayed.stdout }).toMatchObject({ code: 0 });
    expect(replayed.stdout).toMatch(/^SAME$/m);
  }, 120_000);

  it('given a request that outlasts the grace, when SIGTERM comes, then the process exits 1 naming it, and the reconciler settles the cancellation once after the restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-graceful-deadline-'));
    const env = {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_TEST_CLOCK: 'true',
      // The PG holds its answer far longer than the process may take to stop.
      LEDGER_SANDBOX_SLOW_MS: '60000',
      LEDGER_SHUTDOWN_GRACE_SECONDS: '1',
    };
    ledger = await startLedgerProcess(env);
    const { paymentId, pgTransactionId } = await slowCancellablePayment(ledger);
    const cut = ledger.post('client', `/v1/payments/${paymentId}/cancel`, undefined, 'c-1').then(
      () => 'answered',
      () => 'connection lost',
    );
    await refundedAtThePg(ledger, pgTransactionId);
    const exited = exitOf(ledger);
    ledger.child.kill('SIGTERM');

    expect(await exited).toBe(1);
    expect(await cut).toBe('connection lost');
    expect(ledger.output()).toContain(
      'Stopping took longer than the grace of 1.0 s (LEDGER_SHUTDOWN_GRACE_SECONDS): ' +
        `1 request(s) still in flight: POST /v1/payments/${paymentId}/cancel (for `,
    );

    ledger = await startLedgerProcess(env);
    expect((await ledger.get('client', `/v1/payments/${paymentId}`)).body).toMatchObject({
      status: 'CANCELLING',
    });
    // A minute later (past the PG deadline and the margin) the reconciler asks the PG by key.
    const now = ((await ledger.get('admin', '/v1/test-clock')).body as { now: string }).now;
    const later = isoInstant(DateTime.fromISO(now).plus({ minutes: 1 }));
    const moved = await ledger.put('admin', '/v1/test-clock', { now: later }, 'move-1');
    expect(moved.body).toMatchObject({ ran: { cancellationsReconciled: [paymentId] } });
    const books = await ledger.get('admin', `/v1/sandbox-pg/transactions/${pgTransactionId}`);
    expect(books.body).toMatchObject({ refunds: [{}], cancelCalls: 1 });
    await ledger.stop();
    ledger = undefined;

    expect(await eventTypes(dataDir, paymentId)).toEqual(CANCELLED_ONCE);
    expect(await verify(dataDir)).toMatchObject({ code: 0 });
  }, 120_000);
});
