/**
 * Issue 14: a real process writes one JSON line per request (request id, correlation id, the
 * caller's role, the route pattern, the status and the time taken), and nothing it prints holds a
 * password, a phone number, a phone key, an API key or an authorization header.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { approval, DEV_KEYS, guestCardPaymentBody } from './support/test-app';
import { DEV_KEYS_AS_CONFIGURED, storedGuestSecrets } from './support/guest-secrets';

const PHONE = '010-4826-1937';
const PASSWORD = 'Purple-Lantern-7730';
const WRONG_PASSWORD = 'Silver-Compass-2268';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RequestLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId: string;
  readonly correlationId: string;
  readonly role: string | null;
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
}

/** Every line of the output that is a JSON object (the start-up lines are plain text). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Issue 14: structured logs, one JSON line per request, no secrets', () => {
  let dataDir: string;
  let ledger: LedgerProcess;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-logs-'));
    ledger = await startLedgerProcess({
      LEDGER_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // Keys given as in production (the development keys are printed at start-up on purpose).
      LEDGER_API_KEYS: DEV_KEYS_AS_CONFIGURED,
    });
  });
  afterAll(async () => {
    await ledger?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a guest payment requested, completed and looked up right and wrong, then each request has one line with its ids, role, route, status and time, and no secret appears', async () => {
    // Given a guest's card payment, completed by the gateway, each request with its correlation id
    const created = await ledger
      .post('client', '/v1/payments', guestCardPaymentBody(PHONE, PASSWORD, 2), 'logs-1')
      .set('X-Correlation-Id', 'corr-request');
    expect(created.status).toBe(201);
    const { paymentId, amount } = created.body as { paymentId: string; amount: number };
    const completed = await ledger
      .post('gateway', `/v1/payments/${paymentId}/complete`, approval(amount), 'logs-2')
      .set('X-Correlation-Id', 'corr-complete');
    expect(completed.status).toBe(200);

    // When it is looked up with the right password, then a wrong one (without a correlation id),
    // and an unknown route is asked with secrets in its query
    const lookup = (password: string) =>
      request(ledger.url)
        .post('/v1/guests/payments/lookup')
        .set('Authorization', `Bearer ${DEV_KEYS.client}`)
        .send({ phone: PHONE, password });
    const right = await lookup(PASSWORD).set('X-Correlation-Id', 'corr-lookup');
    expect(right.status).toBe(200);
    const wrong = await lookup(WRONG_PASSWORD);
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    const nowhere = await request(ledger.url)
      .get(`/v1/nowhere?phone=${PHONE.replace(/-/g, '')}&password=${PASSWORD}`)
      .set('Authorization', `Bearer ${DEV_KEYS.client}`)
      .set('X-Correlation-Id', 'corr-nowhere');
    expect(nowhere.status).toBe(404);
    await ledger.stop();
    const output = ledger.output();

    // Then each request has exactly one line, "request completed", with what on-call needs
    const lines = jsonLines(output).filter(
      (line): line is RequestLine & Record<string, unknown> => line.msg === 'request completed',
    );
    const only = (predicate: (line: RequestLine) => boolean): RequestLine => {
      const found = lines.filter(predicate);
      expect(found).toHaveLength(1);
      return found[0]!;
    };
    expect(only((line) => line.correlationId === 'corr-request')).toMatchObject({
      level: 30,
      role: 'client',
      method: 'POST',
      route: '/v1/payments',
      status: 201,
    });
    expect(only((line) => line.correlationId === 'corr-complete')).toMatchObject({
      role: 'gateway',
      route: '/v1/payments/:paymentId/complete',
      status: 200,
    });
    expect(only((line) => line.correlationId === 'corr-lookup')).toMatchObject({
      role: 'client',
      route: '/v1/guests/payments/lookup',
      status: 200,
    });
    // Without X-Correlation-Id, the request's own id is its correlation id
    const wrongLine = only(
      (line) => line.route === '/v1/guests/payments/lookup' && line.status === wrong.status,
    );
    expect(wrongLine.correlationId).toBe(wrongLine.reqId);
    expect(wrongLine.role).toBe('client');
    // An unknown route is named as such, never by its URL or query
    expect(only((line) => line.correlationId === 'corr-nowhere')).toMatchObject({
      route: 'unmatched',
      status: 404,
    });
    const ours = lines.filter((line) => line.correlationId.startsWith('corr-'));
    for (const line of [...ours, wrongLine]) {
      expect(line.reqId).toMatch(UUID);
      expect(typeof line.durationMs).toBe('number');
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      // Nothing of the request beyond the fields above: no headers, body, URL or query
      expect(Object.keys(line).sort()).toEqual(
        [
          'correlationId',
          'durationMs',
          'level',
          'method',
          'msg',
          'pid',
          'reqId',
          'role',
          'route',
          'status',
          'time',
        ].sort(),
      );
    }
    expect(new Set([...ours, wrongLine].map((line) => line.reqId)).size).toBe(5);
    // The start-up lines stay plain text, and the Nest loggers write JSON lines too
    expect(output).toMatch(/Ledger all process on http:\/\/localhost:\d+/);
    // And each command the ledger decided has its own line: kind, payment, events, correlation
    const commands = jsonLines(output).filter((line) => line.context === 'Command');
    expect(commands).toContainEqual(
      expect.objectContaining({
        kind: 'payment',
        paymentId,
        events: ['PaymentRequested'],
        correlationId: 'corr-request',
        replayed: false,
      }),
    );
    expect(commands).toContainEqual(
      expect.objectContaining({
        kind: 'payment',
        paymentId,
        events: ['PaymentCompleted'],
        correlationId: 'corr-complete',
      }),
    );
    // A guest look-up's stream is named by the phone key: its line names only the kind
    const lookups = commands.filter((line) => line.kind === 'guest-lookup');
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups.every((line) => line.stream === undefined)).toBe(true);

    // And none of the secret values appears anywhere in what the process printed
    const stored = await storedGuestSecrets(dataDir);
    expect(stored.phoneKey.length).toBeGreaterThan(16);
    const secrets = {
      phone: PHONE,
      phoneDigits: PHONE.replace(/-/g, ''),
      password: PASSWORD,
      wrongPassword: WRONG_PASSWORD,
      phoneKey: stored.phoneKey,
      phoneKeyDigest: stored.phoneKey.replace(/^[a-z0-9-]+:/, ''),
      passwordHash: stored.passwordHash,
      bearer: 'Bearer',
      authorizationHeader: 'authorization',
      ...Object.fromEntries(Object.entries(DEV_KEYS).map(([role, key]) => [`${role}Key`, key])),
    };
    const leaked = Object.entries(secrets)
      .filter(([, value]) => value.length > 0 && output.toLowerCase().includes(value.toLowerCase()))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
    // The search itself can find things: the route patterns are there
    expect(output).toContain('/v1/payments/:paymentId/complete');
  });
});
