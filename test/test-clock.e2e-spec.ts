/**
 * The test clock (DESIGN.md §6): only with LEDGER_TEST_CLOCK=true, PUT /v1/test-clock (admin) sets
 * the service's clock, forward only, runs what became due (expired transfers, then the settlement
 * of every ended day) and answers; the clock then stands still. Without the setting the route does
 * not exist.
 */
import { DateTime } from 'luxon';
import request from 'supertest';
import { ConfigError, loadConfig } from '@lib/common';
import { createApp } from '@app/server';
import {
  DEV_KEYS,
  completedCardPayment,
  expectProblem,
  startTestApp,
  type TestApp,
} from './support/test-app';
import { putTestClock, type SettlementBody } from './support/settlement-fixtures';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TEST_CLOCK_ON = { LEDGER_TEST_CLOCK: 'true' };

describe('test clock without LEDGER_TEST_CLOCK=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('does not exist: 404 like any unknown route, and the clock does not move', async () => {
    expectProblem(await putTestClock(t, '2026-12-02T00:00:00+09:00'), 404, 'NOT_FOUND');
    expectProblem(await t.get('admin', '/v1/test-clock'), 404, 'NOT_FOUND');
    expect(t.clock.now().toISO()).toBe('2026-12-01T10:00:00.000+09:00');
  });
});

describe('test clock with LEDGER_TEST_CLOCK=true', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00', env: TEST_CLOCK_ON });
  });
  afterAll(() => t.close());

  it('tells where the clock stands, to any role', async () => {
    for (const role of ['client', 'auditor', 'admin'] as const) {
      const response = await t.get(role, '/v1/test-clock');
      expect({ status: response.status, body: response.body as unknown }).toEqual({
        status: 200,
        body: { now: '2026-12-01T10:00:00.000+09:00' },
      });
    }
  });

  it('moves forward, answers the new now and what ran, and then stands still', async () => {
    const response = await putTestClock(t, '2026-12-01T12:00:00+09:00');
    expect({ status: response.status, body: response.body as unknown }).toEqual({
      status: 200,
      body: {
        now: '2026-12-01T12:00:00.000+09:00',
        ran: {
          transfersExpired: [],
          cancellationsReconciled: [],
          approvalsVoided: [],
          settlementsClosed: [],
        },
      },
    });
    expect(t.clock.now().toISO()).toBe('2026-12-01T12:00:00.000+09:00');
    expect((await t.get('admin', '/v1/test-clock')).body).toEqual({
      now: '2026-12-01T12:00:00.000+09:00',
    });
  });

  it('takes any offset and answers in KST; setting the same instant again is allowed', async () => {
    const utc = await putTestClock(t, '2026-12-01T04:00:00.250Z');
    expect(utc.body).toMatchObject({ now: '2026-12-01T13:00:00.250+09:00' });
    const again = await putTestClock(t, '2026-12-01T13:00:00.250+09:00');
    expect(again.status).toBe(200);
  });

  it('refuses to go back (409 CLOCK_MOVES_FORWARD_ONLY) and stays where it was', async () => {
    const problem = expectProblem(
      await putTestClock(t, '2026-12-01T12:59:59.999+09:00'),
      409,
      'CLOCK_MOVES_FORWARD_ONLY',
    );
    expect(problem.message).toContain('2026-12-01T13:00:00.250+09:00');
    expect(t.clock.now().toISO()).toBe('2026-12-01T13:00:00.250+09:00');
  });

  it('answers 400 for a body that is not { now: ISO 8601 with offset }', async () => {
    const bodies = [
      { now: '2026-12-02T00:00:00' },
      { now: '2026-12-02' },
      { now: 1_800_000_000_000 },
      {},
      { now: '2026-12-02T00:00:00+09:00', ran: true },
    ];
    for (const [index, body] of bodies.entries()) {
      const response = await t
        .http()
        .put('/v1/test-clock')
        .set('Authorization', `Bearer ${DEV_KEYS.admin}`)
        .set('Idempotency-Key', `bad-body-${index}`)
        .send(body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
    }
    expect(t.clock.now().toISO()).toBe('2026-12-01T13:00:00.250+09:00');
  });

  it('is for admin only', async () => {
    expectProblem(await putTestClock(t, '2026-12-01T14:00:00+09:00', 'client'), 403, 'FORBIDDEN');
    expectProblem(await putTestClock(t, '2026-12-01T14:00:00+09:00', 'auditor'), 403, 'FORBIDDEN');
    const anonymous = await t
      .http()
      .put('/v1/test-clock')
      .send({ now: '2026-12-01T14:00:00+09:00' });
    expectProblem(anonymous, 401, 'UNAUTHENTICATED');
  });

  it('R18: moving past midnight runs the settlement of the day that ended before answering', async () => {
    const payment = await completedCardPayment(t, { count: 2 });
    const beforeMidnight = await putTestClock(t, '2026-12-01T23:59:59.999+09:00');
    expect(beforeMidnight.body).toMatchObject({ ran: { settlementsClosed: [] } });

    const midnight = await putTestClock(t, '2026-12-02T00:00:00+09:00');
    expect(midnight.body).toEqual({
      now: '2026-12-02T00:00:00.000+09:00',
      ran: {
        transfersExpired: [],
        cancellationsReconciled: [],
        approvalsVoided: [],
        settlementsClosed: ['2026-12-01'],
      },
    });
    const report = (await t.get('auditor', '/v1/settlements/2026-12-01')).body as SettlementBody;
    expect(report.completed).toEqual({ count: 1, amount: 2_000 });
    expect((await t.get('client', `/v1/payments/${payment.paymentId}`)).body).toMatchObject({
      cancelBlockedReason: 'SETTLED',
    });
    // Nothing more is due until the next midnight.
    const later = await putTestClock(t, '2026-12-02T23:00:00+09:00');
    expect(later.body).toMatchObject({ ran: { settlementsClosed: [] } });
  });

  it('a retry with the same Idempotency-Key replays the first answer', async () => {
    const send = () =>
      t
        .http()
        .put('/v1/test-clock')
        .set('Authorization', `Bearer ${DEV_KEYS.admin}`)
        .set('Idempotency-Key', 'move-to-2026-12-03')
        .send({ now: '2026-12-03T00:00:00+09:00' });
    const first = await send();
    const retry = await send();
    expect(first.body).toEqual({
      now: '2026-12-03T00:00:00.000+09:00',
      ran: {
        transfersExpired: [],
        cancellationsReconciled: [],
        approvalsVoided: [],
        settlementsClosed: ['2026-12-02'],
      },
    });
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });
});

describe('test clock in the composition root', () => {
  it('starts at the real current instant, read once, and stands still', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-clock-'));
    const before = DateTime.now();
    const app = await createApp(
      loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir, ...TEST_CLOCK_ON }),
      { logger: ['error'] },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const after = DateTime.now();
    try {
      const read = async () =>
        (
          (
            await request(app.getHttpServer())
              .get('/v1/test-clock')
              .set('Authorization', `Bearer ${DEV_KEYS.admin}`)
          ).body as { now: string }
        ).now;
      const first = await read();
      expect(first).toMatch(/\+09:00$/);
      const instant = DateTime.fromISO(first);
      expect(instant >= before.startOf('second') && instant <= after).toBe(true);
      expect(await read()).toBe(first);
    } finally {
      await app.close();
    }
  });

  it('is refused in production', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      LEDGER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-clock-')),
      LEDGER_API_KEYS: 'admin:a-production-admin-key-0001',
      LEDGER_GUEST_PHONE_KEY_SECRET: 'a-production-secret-of-32-characters-or-more',
      LEDGER_REQUEST_FINGERPRINT_SECRET: 'another-production-secret-of-32-characters',
      ...TEST_CLOCK_ON,
    });
    await expect(createApp(config, { logger: false })).rejects.toThrow(ConfigError);
  });
});
