/**
 * As-of queries (DESIGN.md §6, issue 11): `GET /v1/audit/payments/{id}?asOf=` and
 * `GET /v1/audit/members/{id}/payments?asOf=` answer a payment, and a member's list (R14), as they
 * stood at an instant of transaction time (the store's recording time, `createdAt` in the audit
 * log). The expected answers are computed here from the audit log alone, folding with the payment
 * decider's own `evolve` and deciding `cancellable` with the ledger's rule, never with the code
 * under test. The store records with the test clock, so no answer depends on the wall clock.
 */
import { DateTime } from 'luxon';
import {
  cancelBlockedReason,
  completedOn,
  evolvePayment,
  initialPaymentState,
  parseIsoInstant,
  type PaymentEvent,
  type PaymentState,
} from '@lib/ledger';
import { paymentView } from '../apps/api/src/payments/shared/payment.representation';
import {
  cardPaymentBody,
  completePayment,
  expectProblem,
  guestCardPaymentBody,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type PaymentListBody,
  type TestApp,
} from './support/test-app';
import { readAuditLog, type AuditEventBody } from './support/audit-log';
import { closedReport } from './support/settlement-fixtures';

const DAY = '2026-12-01';

interface PaymentAsOfBody {
  asOf: string;
  payment: PaymentBody;
  events: AuditEventBody[];
}

interface MemberAsOfBody {
  asOf: string;
  payments: PaymentBody[];
  nextCursor: string | null;
}

const ms = (instant: string): number => {
  const parsed = parseIsoInstant(instant);
  if (parsed === null) throw new RangeError(`Not an instant: ${instant}`);
  return parsed.toMillis();
};

/** A payment's events recorded by `asOf`, folded with the decider's own `evolve`. */
function foldedAt(log: readonly AuditEventBody[], paymentId: string, asOf: string) {
  const events = log.filter(
    (event) => event.stream === `payment-${paymentId}` && ms(event.createdAt) <= ms(asOf),
  );
  const state = events.reduce<PaymentState>(
    (folded, { type, data }) => evolvePayment(folded, { type, data } as PaymentEvent),
    initialPaymentState,
  );
  return { events, state };
}

/** `GET /v1/payments/{id}` as it would have answered at `asOf`, computed from the log alone. */
function expectedPayment(log: readonly AuditEventBody[], state: PaymentState, asOf: string) {
  const day = completedOn(state);
  const closed = log.some(
    (event) =>
      event.stream === `settlement-${day}` &&
      event.type === 'SettlementClosed' &&
      ms(event.createdAt) <= ms(asOf),
  );
  const now = parseIsoInstant(asOf)!;
  return paymentView(state, cancelBlockedReason(state, now, closed));
}

const before = (instant: string): string =>
  DateTime.fromMillis(ms(instant) - 1, { zone: 'utc' }).toISO()!;

describe('As-of queries: a payment and a member list as they stood at an instant of transaction time', () => {
  let t: TestApp;
  const memberId = newMemberId('m-asof');
  const paid: Record<string, PaymentBody> = {};

  /** Each action a minute after the last, so every one records at its own instant. */
  const later = () => t.clock.advance({ minutes: 1 });
  const asOfPayment = (paymentId: string, asOf: string) =>
    t.get('auditor', `/v1/audit/payments/${paymentId}?asOf=${encodeURIComponent(asOf)}`);
  const asOfMember = (member: string, asOf: string, query = '') =>
    t.get(
      'auditor',
      `/v1/audit/members/${member}/payments?asOf=${encodeURIComponent(asOf)}${query}`,
    );

  beforeAll(async () => {
    t = await startTestApp({ now: `${DAY}T10:00:00+09:00` });

    // R8, R11, R12: a card payment, completed, one judgment viewed; repaid; then cancelled in full.
    paid.original = await requestPayment(t, cardPaymentBody(3, memberId));
    later();
    await completePayment(t, paid.original);
    later();
    const { paymentId, items } = paid.original;
    await t.post('client', `/v1/payments/${paymentId}/items/${items[0]!.itemId}/view`).expect(200);
    later();
    const repayment = await t
      .post('client', `/v1/payments/${paymentId}/repayment`, { method: 'CARD', cardIssuer: 'KB' })
      .expect(201);
    paid.repayment = repayment.body as PaymentBody;
    later();
    await completePayment(t, paid.repayment); // the view moves to the repayment
    later();
    await t.post('client', `/v1/payments/${paymentId}/cancel`).expect(200);

    // R13: a cancellation the PG refuses; the payment stays COMPLETED.
    later();
    paid.refused = await requestPayment(t, cardPaymentBody(1, memberId));
    later();
    await completePayment(t, paid.refused, {
      pgTransactionId: `sandbox-cancel-refused-${memberId}`,
    });
    later();
    expectProblem(
      await t.post('client', `/v1/payments/${paid.refused.paymentId}/cancel`),
      502,
      'PG_CANCEL_FAILED',
    );

    // R5, R22: a transfer expires on refresh; its late approval is refused and voided.
    later();
    paid.transfer = await requestPayment(t, transferPaymentBody(2, memberId));
    t.clock.advance({ minutes: 16 });
    await t.post('client', `/v1/payments/${paid.transfer.paymentId}/refresh`).expect(200);
    later();
    expectProblem(
      await t.post('gateway', `/v1/payments/${paid.transfer.paymentId}/complete`, {
        pgTransactionId: `pg-late-${paid.transfer.paymentId}`,
        approvedAmount: paid.transfer.amount,
        approvedAt: t.clock.now().toISO(),
        certificateVerified: false,
      }),
      409,
      'NOT_REQUESTED',
    );

    // A guest's payment: its secrets never show (R25).
    later();
    paid.guest = await requestPayment(t, guestCardPaymentBody('010-2222-3333', 'guest-secret'));
    later();
    await completePayment(t, paid.guest);

    // R10, R19: completed a second before midnight; the next day it is NOT_SAME_DAY, then SETTLED.
    moveClockTo(t.clock, '23:59:00');
    paid.lastMinute = await requestPayment(t, cardPaymentBody(1, memberId));
    moveClockTo(t.clock, '23:59:59');
    await completePayment(t, paid.lastMinute);
    moveClockTo(t.clock, '00:00', 1);
    const { paymentId: lastId, items: lastItems } = paid.lastMinute;
    await t.post('client', `/v1/payments/${lastId}/items/${lastItems[0]!.itemId}/view`).expect(200);
    later();
    await closedReport(t, DAY);
    later();
  });

  afterAll(() => t.close());

  describe('GET /v1/audit/payments/{paymentId}?asOf=', () => {
    it('at every instant the log recorded anything, equals the fold of the payment’s events recorded by then', async () => {
      const log = await readAuditLog(t);
      const instants = [...new Set(log.map((event) => event.createdAt))].sort(
        (a, b) => ms(a) - ms(b),
      );
      const names = Object.keys(paid);
      expect(names).toHaveLength(6);
      let compared = 0;
      for (const name of names) {
        const { paymentId } = paid[name]!;
        const own = log.filter((event) => event.stream === `payment-${paymentId}`);
        const first = own[0]!.createdAt;
        for (const asOf of instants.filter((instant) => ms(instant) >= ms(first))) {
          const { events, state } = foldedAt(log, paymentId, asOf);
          // The events used are exactly the stream's revisions 0..i.
          expect(events.map((event) => event.revision)).toEqual(
            events.map((_, index) => String(index)),
          );
          const response = await asOfPayment(paymentId, asOf);
          expect({ name, asOf, status: response.status, body: response.body as unknown }).toEqual({
            name,
            asOf,
            status: 200,
            body: { asOf, payment: expectedPayment(log, state, asOf), events },
          });
          compared += 1;
        }
        // Just before its first event it did not exist.
        expectProblem(await asOfPayment(paymentId, before(first)), 404, 'PAYMENT_NOT_FOUND');
      }
      expect(compared).toBeGreaterThan(60);
    });

    it('passes through every status and every reason a payment could not be cancelled', async () => {
      const log = await readAuditLog(t);
      const instants = [...new Set(log.map((event) => event.createdAt))];
      const seen = new Set<string>();
      for (const { paymentId } of Object.values(paid)) {
        for (const asOf of instants) {
          const response = await asOfPayment(paymentId, asOf);
          if (response.status !== 200) continue;
          const { payment } = response.body as PaymentAsOfBody;
          seen.add(payment.status);
          seen.add(String(payment.cancelBlockedReason));
        }
      }
      expect([...seen].sort()).toEqual(
        [
          'REQUESTED',
          'COMPLETED',
          'FAILED',
          'CANCELLED',
          'null',
          'NOT_COMPLETED',
          'ALREADY_VIEWED',
          'ALREADY_CANCELLED',
          'NOT_SAME_DAY',
          'SETTLED',
        ].sort(),
      );
    });

    it('at the current instant answers what GET /v1/payments/{paymentId} answers', async () => {
      const now = t.clock.now().toUTC().toISO()!;
      for (const { paymentId } of Object.values(paid)) {
        const live = (await t.get('support', `/v1/payments/${paymentId}`).expect(200)).body;
        const asOf = (await asOfPayment(paymentId, now).expect(200)).body as PaymentAsOfBody;
        expect(asOf.payment).toEqual(live);
      }
    });

    it('takes any offset, +09:00 written %2B, and answers the instant in UTC', async () => {
      const { paymentId } = paid.original!;
      const kst = `${DAY}T10:00:30+09:00`;
      const body = (await asOfPayment(paymentId, kst).expect(200)).body as PaymentAsOfBody;
      expect(body.asOf).toBe('2026-12-01T01:00:30.000Z');
      expect(body.payment.status).toBe('REQUESTED');
      expect((await asOfPayment(paymentId, body.asOf).expect(200)).body).toEqual(body);
    });

    it('never shows a guest’s password hash, phone key or phone number (R25)', async () => {
      const [requested] = await t.store.readStream(`payment-${paid.guest!.paymentId}`);
      const payer = (requested!.data as { payer: { passwordHash: string; phoneKey: string } })
        .payer;
      const response = await asOfPayment(paid.guest!.paymentId, t.clock.now().toISO()!).expect(200);
      for (const secret of [payer.passwordHash, payer.phoneKey, '010-2222-3333', '01022223333']) {
        expect(response.text).not.toContain(secret);
      }
      const [first] = (response.body as PaymentAsOfBody).events;
      expect(first!.data).toMatchObject({
        payer: { type: 'GUEST', passwordHash: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
      });
    });

    it('answers 404 PAYMENT_NOT_FOUND for a payment that never existed', async () => {
      expectProblem(
        await asOfPayment('no-such-payment', `${DAY}T12:00:00Z`),
        404,
        'PAYMENT_NOT_FOUND',
      );
    });

    it.each([
      ['', 'no asOf'],
      ['?asOf=', 'an empty asOf'],
      ['?asOf=yesterday', 'not an instant'],
      ['?asOf=2026-12-01', 'a date'],
      ['?asOf=2026-12-01T10:00:00', 'no offset'],
      ['?asOf=2026-12-01T10:00:00+09:00', "a '+' not written %2B (it reads as a space)"],
      ['?asOf=2026-02-30T10:00:00Z', 'no such day'],
      ['?asOf=2099-01-01T00:00:00Z', 'an instant still to come'],
      ['?asOf=2026-12-01T10:00:00Z&at=1', 'an unknown parameter'],
    ])('refuses %s (%s) with 400 VALIDATION_FAILED naming asOf', async (query) => {
      const response = await t.get(
        'auditor',
        `/v1/audit/payments/${paid.original!.paymentId}${query}`,
      );
      const problem = expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((error) => error.field)).toEqual(
        query.includes('&at=') ? ['at'] : ['asOf'],
      );
    });

    it('refuses a malformed payment id with 400', async () => {
      expectProblem(await asOfPayment('bad%20id', `${DAY}T01:00:00Z`), 400, 'VALIDATION_FAILED');
    });
  });

  describe('GET /v1/audit/members/{memberId}/payments?asOf=', () => {
    /** The member's list at `asOf`, computed from the log alone (R14 order: newest request first). */
    function expectedList(log: readonly AuditEventBody[], asOf: string): PaymentBody[] {
      const requested = log.filter(
        (event) =>
          event.type === 'PaymentRequested' &&
          (event.data as { payer: { memberId?: string } }).payer.memberId === memberId &&
          ms(event.createdAt) <= ms(asOf),
      );
      return requested
        .map((event) => event.data as { paymentId: string; requestedAt: string })
        .sort(
          (a, b) => ms(b.requestedAt) - ms(a.requestedAt) || (b.paymentId < a.paymentId ? -1 : 1),
        )
        .map(({ paymentId }) => foldedAt(log, paymentId, asOf).state)
        .map((state) => expectedPayment(log, state, asOf) as unknown as PaymentBody);
    }

    it('at every instant the log recorded anything, lists the member’s payments recorded by then, each folded to it', async () => {
      const log = await readAuditLog(t);
      const instants = [...new Set(log.map((event) => event.createdAt))];
      for (const asOf of instants) {
        const body = (await asOfMember(memberId, asOf).expect(200)).body as MemberAsOfBody;
        expect({ asOf, body }).toEqual({
          asOf,
          body: { asOf, payments: expectedList(log, asOf), nextCursor: null },
        });
      }
      const first = log.find((event) => event.type === 'PaymentRequested')!.createdAt;
      expect((await asOfMember(memberId, before(first)).expect(200)).body).toEqual({
        asOf: before(first),
        payments: [],
        nextCursor: null,
      });
    });

    it('pages like the live list: every payment once, newest first', async () => {
      const now = t.clock.now().toISO()!;
      const whole = (await asOfMember(memberId, now).expect(200)).body as MemberAsOfBody;
      expect(whole.payments).toHaveLength(5);
      const seen: PaymentBody[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '&limit=2' : `&limit=2&cursor=${cursor}`;
        const page = (await asOfMember(memberId, now, query).expect(200)).body as MemberAsOfBody;
        expect(page.payments.length).toBeLessThanOrEqual(2);
        seen.push(...page.payments);
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(whole.payments);
      // The live list of the same moment lists the same payments.
      const live = (await t.get('client', `/v1/members/${memberId}/payments`).expect(200))
        .body as PaymentListBody;
      expect(live.payments).toEqual(whole.payments);
    });

    it('refuses a bad cursor, a bad limit, a bad asOf and a malformed member id with 400', async () => {
      const now = t.clock.now().toISO()!;
      expectProblem(await asOfMember(memberId, now, '&cursor=bm9wZQ'), 400, 'INVALID_CURSOR');
      expectProblem(await asOfMember(memberId, now, '&limit=101'), 400, 'VALIDATION_FAILED');
      expectProblem(await asOfMember(memberId, 'now'), 400, 'VALIDATION_FAILED');
      expectProblem(
        await t.get('auditor', `/v1/audit/members/${memberId}/payments`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await asOfMember('bad%20id', now), 400, 'VALIDATION_FAILED');
    });
  });

  it.each([
    ['/v1/audit/payments/p-1?asOf=2026-12-01T01:00:00Z'],
    ['/v1/audit/members/m-1/payments?asOf=2026-12-01T01:00:00Z'],
  ])('%s is for the auditor role only', async (route) => {
    for (const role of ['client', 'support', 'gateway', 'admin'] as const) {
      expectProblem(await t.get(role, route), 403, 'FORBIDDEN');
    }
    expectProblem(await t.http().get(route), 401, 'UNAUTHENTICATED');
  });
});

describe('R14 as of an instant months back: payments long gone from the live list', () => {
  it('are still listed as they stood, after a restart pruned them from the read model', async () => {
    const memberId = newMemberId('m-asof-old');
    let t = await startTestApp({ now: `${DAY}T10:00:00+09:00` });
    const dataDir = t.dataDir;
    const first = await requestPayment(t, cardPaymentBody(1, memberId));
    t.clock.advance({ minutes: 1 });
    await completePayment(t, first);
    const completedAsOf = t.clock.now().toUTC().toISO()!;
    t.clock.set('2027-03-01T10:00:00+09:00');
    const second = await requestPayment(t, cardPaymentBody(2, memberId));
    await t.close();

    // Restarted four months on: start-up prunes the read model to the live list's window.
    t = await startTestApp({ dataDir, now: '2027-04-01T10:00:00+09:00' });
    try {
      const live = (await t.get('client', `/v1/members/${memberId}/payments`).expect(200))
        .body as PaymentListBody;
      expect(live.payments.map((payment) => payment.paymentId)).toEqual([second.paymentId]);

      const then = await t
        .get('auditor', `/v1/audit/members/${memberId}/payments?asOf=${completedAsOf}`)
        .expect(200);
      expect(then.body).toEqual({
        asOf: completedAsOf,
        payments: [
          expect.objectContaining({
            paymentId: first.paymentId,
            status: 'COMPLETED',
            cancellable: true,
            cancelBlockedReason: null,
          }),
        ],
        nextCursor: null,
      });

      // R14's window is measured from asOf's KST day: on 2027-03-01 the list starts 2026-12-01.
      const march = '2027-03-01T01:00:00.000Z';
      const inMarch = (
        await t.get('auditor', `/v1/audit/members/${memberId}/payments?asOf=${march}`).expect(200)
      ).body as MemberAsOfBody;
      expect(inMarch.payments.map((payment) => payment.paymentId)).toEqual([
        second.paymentId,
        first.paymentId,
      ]);
      expect(inMarch.payments[1]).toMatchObject({ cancelBlockedReason: 'NOT_SAME_DAY' });
      const nextDay = '2027-03-01T15:00:00.000Z'; // 2027-03-02 00:00 KST: the list starts 2026-12-02
      const dropped = (
        await t.get('auditor', `/v1/audit/members/${memberId}/payments?asOf=${nextDay}`).expect(200)
      ).body as MemberAsOfBody;
      expect(dropped.payments.map((payment) => payment.paymentId)).toEqual([second.paymentId]);
    } finally {
      await t.close();
    }
  });
});
