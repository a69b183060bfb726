import {
  completePayment,
  expectProblem,
  guestCardPaymentBody,
  requestPayment,
  startTestApp,
  type PaymentListBody,
  type TestApp,
} from './support/test-app';

const PHONE = '010-1234-5678';
const PASSWORD = 'pw-1234-secret';
const LOOKUP = '/v1/guests/payments/lookup';

/** POST /v1/guests/payments/lookup (R15): a guest's list by phone number and password. */
describe('R15 guest look-up (POST /v1/guests/payments/lookup)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
  });

  afterEach(async () => {
    await t.close();
  });

  function lookup(phone: string, password: string) {
    return t
      .http()
      .post(LOOKUP)
      .set('Authorization', 'Bearer dev-client-key')
      .send({ phone, password });
  }

  async function expectInvalid(phone: string, password: string): Promise<void> {
    const response = await lookup(phone, password);
    const problem = expectProblem(response, 401, 'GUEST_CREDENTIALS_INVALID');
    expect(response.headers['www-authenticate']).toMatch(/^GuestPassword /);
    expect(problem).not.toHaveProperty('payments');
    expect(response.text).not.toContain(phone.replace(/-/g, ''));
  }

  async function failFiveTimes(): Promise<void> {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await expectInvalid(PHONE, `wrong-password-${attempt}`);
      t.clock.advance({ seconds: 10 });
    }
  }

  it('lists the payments made with this phone and password, in any phone spelling', async () => {
    const paid = await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD, 2));
    await completePayment(t, paid);
    const other = await requestPayment(t, guestCardPaymentBody(PHONE, 'another-password'));
    await requestPayment(t, guestCardPaymentBody('010-9999-0000', PASSWORD));

    const response = await lookup('01012345678', PASSWORD).expect(200);
    const page = response.body as PaymentListBody;
    expect(page.nextCursor).toBeNull();
    expect(page.payments.map((p) => [p.paymentId, p.status])).toEqual([
      [paid.paymentId, 'COMPLETED'],
    ]);
    const second = (await lookup(PHONE, 'another-password').expect(200)).body as PaymentListBody;
    expect(second.payments.map((p) => p.paymentId)).toEqual([other.paymentId]);
  });

  it('answers a wrong password and an unknown phone alike: 401 with a challenge and no data', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    await expectInvalid(PHONE, 'not-the-password');
    await expectInvalid('010-5555-4444', PASSWORD);
  });

  it('locks the phone after 5 failures in a row: 429 with retryAfter, even for the right password', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    await failFiveTimes(); // the fifth failure was at 10:00:40 KST

    const response = await lookup(PHONE, PASSWORD);
    const problem = expectProblem(response, 429, 'GUEST_LOOKUP_LOCKED');
    expect(problem.retryAfter).toBe('2026-12-01T10:15:40.000+09:00');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(problem).not.toHaveProperty('payments');
  });

  it('a success before the fifth failure resets the count', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    for (let attempt = 1; attempt <= 4; attempt += 1)
      await expectInvalid(PHONE, `wrong-${attempt}`);
    await lookup(PHONE, PASSWORD).expect(200);
    for (let attempt = 1; attempt <= 4; attempt += 1)
      await expectInvalid(PHONE, `wrong-${attempt}`);
    await lookup(PHONE, PASSWORD).expect(200);
  });

  it('keeps the lock across a restart (it lives in the event store) and lifts it after 15 minutes', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    await failFiveTimes();
    const now = t.clock.now().toISO()!;
    await t.close();

    t = await startTestApp({ dataDir: t.dataDir, now });
    expectProblem(await lookup(PHONE, PASSWORD), 429, 'GUEST_LOOKUP_LOCKED');

    t.clock.set('2026-12-01T10:15:39.999+09:00');
    expectProblem(await lookup(PHONE, PASSWORD), 429, 'GUEST_LOOKUP_LOCKED');
    t.clock.set('2026-12-01T10:15:40.000+09:00');
    const page = (await lookup(PHONE, PASSWORD).expect(200)).body as PaymentListBody;
    expect(page.payments).toHaveLength(1);
  });

  it('never writes the phone number or the password into an event', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    await failFiveTimes();
    const events = await t.store.readAll();
    const lockEvents = events.filter((event) => event.streamId.startsWith('guest-lookup-'));
    expect(lockEvents.map((event) => event.type)).toEqual(Array(5).fill('GuestLookupFailed'));
    const everything = JSON.stringify(
      events.map(({ streamId, data, metadata }) => ({ streamId, data, metadata })),
    );
    for (const secret of [PHONE, '01012345678', PASSWORD, 'wrong-password-1']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('is not keyed by Idempotency-Key: a repeated failure counts again', async () => {
    await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD));
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await t.post(
        'client',
        LOOKUP,
        { phone: PHONE, password: 'same' },
        'one-key',
      );
      expect(response.status).toBe(401);
    }
    expectProblem(await lookup(PHONE, PASSWORD), 429, 'GUEST_LOOKUP_LOCKED');
  });

  it('validates the body and refuses other roles', async () => {
    expectProblem(await lookup('12345', PASSWORD), 400, 'VALIDATION_FAILED');
    expectProblem(await lookup(PHONE, 'abc'), 400, 'VALIDATION_FAILED');
    const support = await t
      .http()
      .post(LOOKUP)
      .set('Authorization', 'Bearer dev-support-key')
      .send({
        phone: PHONE,
        password: PASSWORD,
      });
    expectProblem(support, 403, 'FORBIDDEN');
    expectProblem(
      await t.http().post(LOOKUP).send({ phone: PHONE, password: PASSWORD }),
      401,
      'UNAUTHENTICATED',
    );
  });
});
