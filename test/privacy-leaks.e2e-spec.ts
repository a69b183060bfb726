/**
 * R25 and issue 13: no secret, password, phone number, phone key or password hash reaches an API
 * answer, a log line, the metrics or the CLI's output. A real process takes a guest through a
 * payment's life, with wrong passwords, a lock-out, malformed bodies and unknown routes; then
 * everything it answered and everything it and the CLI wrote is searched for each secret value.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { approval, DEV_KEYS, guestCardPaymentBody } from './support/test-app';
import { DEV_KEYS_AS_CONFIGURED, storedGuestSecrets } from './support/guest-secrets';

const PHONE = '010-7351-2468';
const PASSWORD = 'Correct-Horse-9021';
const WRONG_PASSWORD = 'Wrong-Battery-5512';
const PHONE_KEY_SECRET = 'phone-key-secret-5d1c8a0b7e-4f2a9c61e0d3b7';
const FINGERPRINT_SECRET = 'fingerprint-secret-91ab04f3c2-8e7d6c5b4a39';
const BIN = path.resolve(__dirname, '..', 'bin', 'ledger.js');

describe('R25: secrets and personal values stay out of answers, logs, metrics and the CLI', () => {
  let dataDir: string;
  let ledger: LedgerProcess;
  const seen: string[] = [];

  /** Keeps every answer's status line, headers and body for the search at the end. */
  const keep = async (call: request.Test): Promise<request.Response> => {
    const response = await call;
    seen.push(`${response.status} ${JSON.stringify(response.headers)}\n${response.text ?? ''}`);
    return response;
  };
  const lookup = (password: string) =>
    keep(
      request(ledger.url)
        .post('/v1/guests/payments/lookup')
        .set('Authorization', `Bearer ${DEV_KEYS.client}`)
        .send({ phone: PHONE, password }),
    );

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-privacy-'));
    ledger = await startLedgerProcess({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_GUEST_PHONE_KEY_SECRET: PHONE_KEY_SECRET,
      LEDGER_REQUEST_FINGERPRINT_SECRET: FINGERPRINT_SECRET,
      // Keys given as in production (the development keys are printed at start-up on purpose).
      LEDGER_API_KEYS: DEV_KEYS_AS_CONFIGURED,
    });
  });
  afterAll(async () => {
    await ledger?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a guest payment, look-ups right and wrong, bad bodies and every read, then none of the secret values appears anywhere', async () => {
    // Given a guest's card payment, approved, and a look-up with the right password
    const created = await keep(
      ledger.post('client', '/v1/payments', guestCardPaymentBody(PHONE, PASSWORD, 2), 'privacy-1'),
    );
    expect(created.status).toBe(201);
    const { paymentId, amount } = created.body as { paymentId: string; amount: number };
    expect(
      (
        await keep(
          ledger.post('gateway', `/v1/payments/${paymentId}/complete`, approval(amount), 'p-2'),
        )
      ).status,
    ).toBe(200);
    expect((await lookup(PASSWORD)).status).toBe(200);

    // When wrong passwords lock the look-up, bodies are malformed and routes are unknown
    for (let attempt = 0; attempt < 6; attempt += 1) await lookup(WRONG_PASSWORD);
    expect((await lookup(WRONG_PASSWORD)).status).toBe(429);
    const badBodies = [
      guestCardPaymentBody(PHONE, 'pw', 1), // password too short
      guestCardPaymentBody(`${PHONE}-99`, PASSWORD, 1), // not a phone number
      { ...guestCardPaymentBody(PHONE, PASSWORD, 1), method: 'CASH' },
    ];
    for (const [index, body] of badBodies.entries()) {
      const response = await keep(ledger.post('client', '/v1/payments', body, `bad-${index}`));
      expect(response.status).toBe(400);
    }
    const sameKeyOtherBody = await keep(
      ledger.post(
        'client',
        '/v1/payments',
        guestCardPaymentBody(PHONE, WRONG_PASSWORD),
        'privacy-1',
      ),
    );
    expect(sameKeyOtherBody.status).toBe(422);
    await keep(
      request(ledger.url)
        .get(`/v1/nowhere?phone=${PHONE}&password=${PASSWORD}`)
        .set('Authorization', `Bearer ${DEV_KEYS.client}`),
    );
    await keep(
      request(ledger.url).get('/v1/payments/x').set('Authorization', `Bearer ${PASSWORD}`),
    );

    // And every read of the payment is made, by every role that may read it
    await keep(ledger.get('client', `/v1/payments/${paymentId}`));
    await keep(ledger.get('client', `/v1/payments/${paymentId}/confirmation`));
    await keep(ledger.get('support', `/v1/support/payments/${paymentId}/history`));
    await keep(ledger.get('auditor', '/v1/audit/events?limit=100'));
    await keep(
      ledger.get('auditor', '/v1/audit/events?limit=100').set('Accept', 'application/x-ndjson'),
    );
    await keep(ledger.get('auditor', `/v1/audit/payments/${paymentId}?asOf=2099-01-01T00:00:00Z`));
    await keep(ledger.get(null, '/metrics'));
    await keep(ledger.get(null, '/health'));
    const cli = [
      spawnSync(process.execPath, [BIN, '--data-dir', dataDir, 'history', paymentId], {
        encoding: 'utf8',
      }),
      spawnSync(
        process.execPath,
        [BIN, '--data-dir', dataDir, 'as-of', paymentId, '2099-01-01T00:00:00Z'],
        { encoding: 'utf8' },
      ),
    ];
    for (const run of cli) {
      expect(run.status).toBe(0);
      seen.push(run.stdout, run.stderr);
    }
    await ledger.stop();
    seen.push(ledger.output());

    // Then the stored secrets are known (the store itself must hold them to check a password)…
    const stored = await storedGuestSecrets(dataDir);
    expect(stored.phoneKey.length).toBeGreaterThan(16);
    expect(stored.passwordHash).toMatch(/^scrypt/);

    // …and none of them, nor any input secret, appears in what was answered, logged or printed
    const everything = seen.join('\n');
    const secrets = {
      phone: PHONE,
      phoneDigits: PHONE.replace(/-/g, ''),
      password: PASSWORD,
      wrongPassword: WRONG_PASSWORD,
      phoneKeySecret: PHONE_KEY_SECRET,
      fingerprintSecret: FINGERPRINT_SECRET,
      phoneKey: stored.phoneKey,
      phoneKeyDigest: stored.phoneKey.replace(/^[a-z0-9-]+:/, ''),
      passwordHash: stored.passwordHash,
      passwordHashKey: stored.passwordHash.split('$').at(-1) ?? '',
      ...Object.fromEntries(Object.entries(DEV_KEYS).map(([role, key]) => [`${role}Key`, key])),
    };
    const leaked = Object.entries(secrets)
      .filter(([, value]) => value.length > 0 && everything.includes(value))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
    // The search itself can find things: the payment id is in the answers and the CLI output.
    expect(everything).toContain(paymentId);
  });
});
