/**
 * Simultaneous requests through HTTP (DESIGN.md §5: every rule holds under concurrency). The app
 * decides through the event store's optimistic concurrency; these tests fire requests together
 * with Promise.all and check that exactly one of the competing outcomes was recorded, and that
 * no request answered a 5xx. No sleeps: whatever interleaving happens, the assertions must hold.
 */
import type { Response } from 'supertest';
import {
  approval,
  cardPaymentBody,
  completePayment,
  completedCardPayment,
  expectProblem,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

const statuses = (responses: Response[]) => responses.map((response) => response.status);
const count = (values: number[], value: number) => values.filter((v) => v === value).length;

describe('payments under concurrency through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    moveClockTo(t.clock, '09:00', 1);
  });

  /** How many PaymentRequested events of this member the whole store holds. */
  const requestsOf = async (memberId: string) =>
    (await t.store.readAll()).filter(
      (event) =>
        event.type === 'PaymentRequested' &&
        (event.data as { payer: { memberId?: string } }).payer.memberId === memberId,
    ).length;

  describe('R6 twenty simultaneous bank-transfer requests from one payer (FAQ IV.2)', () => {
    it('accepts exactly one and refuses 19 with PENDING_TRANSFER_EXISTS; a card payment and another payer go through', async () => {
      const memberId = newMemberId();
      const otherMemberId = newMemberId();
      const responses = await Promise.all([
        ...Array.from({ length: 20 }, (_, index) =>
          t.post('client', '/v1/payments', transferPaymentBody(index + 1, memberId)),
        ),
        t.post('client', '/v1/payments', cardPaymentBody(1, memberId)),
        t.post('client', '/v1/payments', transferPaymentBody(1, otherMemberId)),
      ]);
      const transfers = responses.slice(0, 20);
      const [card, other] = responses.slice(20);

      expect(count(statuses(transfers), 201)).toBe(1);
      expect(count(statuses(transfers), 409)).toBe(19);
      const winner = transfers.find((response) => response.status === 201)!.body as PaymentBody;
      for (const refused of transfers.filter((response) => response.status === 409)) {
        const problem = expectProblem(refused, 409, 'PENDING_TRANSFER_EXISTS');
        expect(problem.retryAfter).toBe(winner.expiresAt);
      }
      expect(card!.status).toBe(201);
      expect(other!.status).toBe(201);

      // one transfer and one card payment were written for the payer; one hold was taken
      expect(await requestsOf(memberId)).toBe(2);
      const guard = await t.store.readStream(`payer-member-${memberId}`);
      expect(guard.map((event) => event.type)).toEqual(['PendingTransferHeld']);
    });

    it('accepts exactly one new transfer of twenty once the pending one completed', async () => {
      const memberId = newMemberId();
      const pending = await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 2 });
      await completePayment(t, pending);

      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.post('client', '/v1/payments', transferPaymentBody(1, memberId)),
        ),
      );
      expect(count(statuses(responses), 201)).toBe(1);
      expect(count(statuses(responses), 409)).toBe(19);
    });
  });

  describe('Idempotency-Key: one key sent ten times at once', () => {
    it('creates one payment, and every answer is that payment (ADR 0011: the losers replay the winner)', async () => {
      const memberId = newMemberId();
      const key = `concurrent-${memberId}`;
      const body = transferPaymentBody(2, memberId);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => t.post('client', '/v1/payments', body, key)),
      );
      expect(statuses(responses)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((response) => response.body.paymentId as string)).size).toBe(1);
      const replayed = responses.filter((r) => r.headers['idempotent-replayed'] === 'true');
      expect(replayed.length).toBeGreaterThanOrEqual(1);
      expect(await requestsOf(memberId)).toBe(1);
    });
  });

  describe('R8 ten simultaneous views of one item', () => {
    it('records the view once', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const itemId = payment.items[0]!.itemId;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.post('client', `/v1/payments/${payment.paymentId}/items/${itemId}/view`),
        ),
      );
      expect(statuses(responses)).toEqual(Array(10).fill(200));
      const views = (await t.paymentEvents(payment.paymentId)).filter(
        (type) => type === 'JudgmentViewed',
      );
      expect(views).toHaveLength(1);
    });
  });

  describe('R4 the PG reports the same approval five times at once', () => {
    it('completes the payment once and answers every report 200', async () => {
      const payment = await requestPayment(t, cardPaymentBody(3, newMemberId()));
      const body = approval(payment.amount, { pgTransactionId: `pg-once-${payment.paymentId}` });
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.post('gateway', `/v1/payments/${payment.paymentId}/complete`, body),
        ),
      );
      expect(statuses(responses)).toEqual(Array(5).fill(200));
      const completions = (await t.paymentEvents(payment.paymentId)).filter(
        (type) => type === 'PaymentCompleted',
      );
      expect(completions).toHaveLength(1);
    });
  });

  describe('R4, R7 an approval and a decline of one payment at once', () => {
    it('records exactly one outcome and refuses the other with NOT_REQUESTED', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      const [approved, declined] = await Promise.all([
        t.post('gateway', `/v1/payments/${payment.paymentId}/complete`, approval(1000)),
        t.post('gateway', `/v1/payments/${payment.paymentId}/fail`, {
          code: 'E1',
          message: '거절',
        }),
      ]);
      expect(statuses([approved, declined]).sort()).toEqual([200, 409]);
      const loser = approved.status === 409 ? approved : declined;
      expectProblem(loser, 409, 'NOT_REQUESTED');
      const events = await t.paymentEvents(payment.paymentId);
      const outcomes = events.filter(
        (type) => type === 'PaymentCompleted' || type === 'PaymentFailed',
      );
      expect(outcomes).toHaveLength(1);
      const now = await t.get('client', `/v1/payments/${payment.paymentId}`).expect(200);
      expect(now.body.status).toBe(approved.status === 200 ? 'COMPLETED' : 'FAILED');
    });
  });

  describe('R9, R13 five simultaneous cancellations of one payment', () => {
    it('cancels it once; the others answer CANCELLED or ALREADY_CANCELLED, never a 5xx', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.post('client', `/v1/payments/${payment.paymentId}/cancel`),
        ),
      );
      expect(count(statuses(responses), 200)).toBeGreaterThanOrEqual(1);
      for (const response of responses) {
        if (response.status === 200) {
          expect(response.body).toMatchObject({ status: 'CANCELLED' });
        } else {
          const problem = expectProblem(response, 409, 'CANCEL_NOT_ALLOWED');
          expect(problem.reason).toBe('ALREADY_CANCELLED');
        }
      }
      const cancellations = (await t.paymentEvents(payment.paymentId)).filter(
        (type) => type === 'PaymentCancelled',
      );
      expect(cancellations).toHaveLength(1);
    });
  });
});
