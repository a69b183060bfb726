import {
  cardPaymentBody,
  completePayment,
  expectProblem,
  newMemberId,
  requestPayment,
  startTestApp,
  type PaymentBody,
  type PaymentListBody,
  type TestApp,
} from './support/test-app';

/** GET /v1/members/{memberId}/payments (R14): the member's 3-month list, newest first. */
describe('R14 member payment list (GET /v1/members/{memberId}/payments)', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
  });

  afterEach(async () => {
    await t.close();
  });

  async function list(memberId: string, query = ''): Promise<PaymentListBody> {
    const response = await t.get('client', `/v1/members/${memberId}/payments${query}`).expect(200);
    return response.body as PaymentListBody;
  }

  /** `count` card payments of one member, one second apart, oldest first. */
  async function payments(memberId: string, count: number): Promise<PaymentBody[]> {
    const made: PaymentBody[] = [];
    for (let index = 0; index < count; index += 1) {
      made.push(await requestPayment(t, cardPaymentBody(1, memberId)));
      t.clock.advance({ seconds: 1 });
    }
    return made;
  }

  it('lists newest first, and pages through every payment once, without gaps or duplicates', async () => {
    const memberId = newMemberId();
    const made = await payments(memberId, 7);
    await payments(newMemberId(), 2); // another member's payments never appear

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=3' : `?limit=3&cursor=${cursor}`;
      const page = await list(memberId, query);
      expect(page.payments.length).toBeLessThanOrEqual(3);
      seen.push(...page.payments.map((payment) => payment.paymentId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);

    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((payment) => payment.paymentId).reverse());
  });

  it('answers each item as the payment representation, with a default page of 20', async () => {
    const memberId = newMemberId();
    const [payment] = await payments(memberId, 1);
    const page = await list(memberId);
    expect(page.nextCursor).toBeNull();
    expect(page.payments).toEqual([
      expect.objectContaining({
        paymentId: payment!.paymentId,
        status: 'REQUESTED',
        statusLabel: '결제준비',
        method: 'CARD',
        cardIssuer: 'SHINHAN',
        authScheme: 'MPI',
        amount: 1000,
        currency: 'KRW',
        cancellable: false,
        cancelBlockedReason: 'NOT_COMPLETED',
      }),
    ]);
    expect(page.payments[0]).not.toHaveProperty('bankCode');
  });

  it('read-your-writes: a payment completed just now is COMPLETED in the very next list', async () => {
    const memberId = newMemberId();
    const requested = await requestPayment(t, cardPaymentBody(2, memberId));
    await completePayment(t, requested);
    const response = await t.get('client', `/v1/members/${memberId}/payments`).expect(200);
    expect(response.headers['x-read-model-stale']).toBeUndefined();
    const page = response.body as PaymentListBody;
    expect(page.payments.map((p) => [p.paymentId, p.status, p.cancellable])).toEqual([
      [requested.paymentId, 'COMPLETED', true],
    ]);
  });

  describe('the 3-month window, at its KST boundary', () => {
    it('shows a payment of 2026-12-01 through 2027-03-01 23:59:59.999 KST, and not from 2027-03-02 00:00 KST', async () => {
      const memberId = newMemberId();
      const [payment] = await payments(memberId, 1);

      t.clock.set('2027-03-01T23:59:59.999+09:00');
      expect((await list(memberId)).payments.map((p) => p.paymentId)).toEqual([payment!.paymentId]);

      t.clock.set('2027-03-02T00:00:00.000+09:00');
      expect((await list(memberId)).payments).toEqual([]);
      // Out of the list, never out of the log.
      expect(await t.paymentEvents(payment!.paymentId)).toEqual(['PaymentRequested']);
    });
  });

  describe('R10 cancellable is decided when the list is read', () => {
    it('flips to NOT_SAME_DAY at 00:00 KST without any new event', async () => {
      t.clock.set('2026-12-01T23:59:00+09:00');
      const memberId = newMemberId();
      const requested = await requestPayment(t, cardPaymentBody(1, memberId));
      await completePayment(t, requested);

      t.clock.set('2026-12-01T23:59:59.999+09:00');
      expect((await list(memberId)).payments[0]).toMatchObject({
        cancellable: true,
        cancelBlockedReason: null,
      });
      const events = await t.eventCount();

      t.clock.set('2026-12-02T00:00:00.000+09:00');
      expect((await list(memberId)).payments[0]).toMatchObject({
        cancellable: false,
        cancelBlockedReason: 'NOT_SAME_DAY',
      });
      expect(await t.eventCount()).toBe(events);
    });
  });

  describe('bad input', () => {
    it.each(['0', '101', 'abc', '1.5', ''])(
      'refuses limit=%p with 400 VALIDATION_FAILED',
      async (limit) => {
        const response = await t.get('client', `/v1/members/m-1/payments?limit=${limit}`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
      },
    );

    it.each(['not-a-cursor', 'WzEsMl0', 'a'.repeat(600)])(
      'refuses a cursor it did not make (%#) with 400 INVALID_CURSOR',
      async (cursor) => {
        const response = await t.get('client', `/v1/members/m-1/payments?cursor=${cursor}`);
        expectProblem(response, 400, 'INVALID_CURSOR');
      },
    );

    it('refuses an unknown query parameter', async () => {
      const response = await t.get('client', '/v1/members/m-1/payments?offset=3');
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it('refuses a malformed member id', async () => {
      const response = await t.get('client', '/v1/members/bad%20id/payments');
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });
  });

  describe('roles', () => {
    it.each(['gateway', 'support', 'auditor', 'admin'] as const)(
      'refuses the %s role with 403',
      async (role) => {
        expectProblem(await t.get(role, '/v1/members/m-1/payments'), 403, 'FORBIDDEN');
      },
    );

    it('refuses a request without an API key with 401', async () => {
      expectProblem(await t.http().get('/v1/members/m-1/payments'), 401, 'UNAUTHENTICATED');
    });
  });
});
