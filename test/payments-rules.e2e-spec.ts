/**
 * Every payment rule of DESIGN.md §3 (R1–R13, R3a) through HTTP, at its boundaries: the real app
 * on a temporary SQLite file, the manual clock moved by hand. Each test starts on a fresh KST day
 * at 09:00, so no test sees another's day, settlement or pending transfer.
 */
import { DateTime } from 'luxon';
import { systemMeta } from '@lib/commands';
import { CancellationReconciler } from '@lib/payments';
import {
  RecordingGateway,
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

const ms = (iso: unknown): number => DateTime.fromISO(iso as string).toMillis();

describe('payment rules R1–R13 through HTTP', () => {
  let t: TestApp;
  const gateway = new RecordingGateway();

  beforeAll(async () => {
    t = await startTestApp({ gateway });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    moveClockTo(t.clock, '09:00', 1);
  });

  const get = async (paymentId: string, role: 'client' | 'support' = 'client') =>
    (await t.get(role, `/v1/payments/${paymentId}`).expect(200)).body as PaymentBody;
  const complete = (payment: PaymentBody, overrides: Record<string, unknown> = {}) =>
    t.post(
      'gateway',
      `/v1/payments/${payment.paymentId}/complete`,
      approval(payment.amount, overrides),
    );
  const cancel = (paymentId: string) => t.post('client', `/v1/payments/${paymentId}/cancel`);
  /** One run of the R21 reconciler, as the worker's schedule (or the test clock) runs it. */
  const reconcile = () => t.app.get(CancellationReconciler).reconcileDue(systemMeta('test'));
  const view = (paymentId: string, itemId: string) =>
    t.post('client', `/v1/payments/${paymentId}/items/${itemId}/view`);
  const refresh = (paymentId: string) => t.post('client', `/v1/payments/${paymentId}/refresh`);

  describe('R1 card issuers name their auth scheme; transfers name a bank code', () => {
    it.each([
      ['BC', 'ISP'],
      ['KB', 'ISP'],
      ['SHINHYUP', 'ISP'],
      ['SAMSUNG', 'MPI'],
      ['SHINHAN', 'MPI'],
      ['NH', 'MPI'],
    ])('answers a %s card payment with auth scheme %s', async (cardIssuer, authScheme) => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId(), cardIssuer));
      expect(payment).toMatchObject({ method: 'CARD', cardIssuer, authScheme });
      expect(payment).not.toHaveProperty('bankCode');
    });

    it('answers a bank transfer with its bank code and no card issuer', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId(), '090'));
      expect(payment).toMatchObject({ method: 'BANK_TRANSFER', bankCode: '090' });
      expect(payment).not.toHaveProperty('cardIssuer');
    });
  });

  describe('R2 amount = 1,000 KRW × judgments, an integer', () => {
    it('charges 7,000 KRW for seven judgments, 1,000 each', async () => {
      const payment = await requestPayment(t, cardPaymentBody(7, newMemberId()));
      expect(payment.amount).toBe(7000);
      expect(Number.isSafeInteger(payment.amount)).toBe(true);
      expect(payment.items.map((item) => item.fee)).toEqual(Array(7).fill(1000));
      expect(new Set(payment.items.map((item) => item.itemId)).size).toBe(7);
    });

    it('takes the same case number at two courts as two judgments', async () => {
      const payment = await requestPayment(t, {
        payer: { type: 'MEMBER', memberId: newMemberId() },
        method: 'CARD',
        cardIssuer: 'HYUNDAI',
        items: [
          { court: '서울중앙지방법원', caseNumber: '2024가합12345' },
          { court: '수원지방법원', caseNumber: '2024가합12345' },
        ],
      });
      expect(payment.amount).toBe(2000);
    });
  });

  describe('R3 a card payment of 300,000 KRW or more completes only with certificate verification (FAQ III.6)', () => {
    it('refuses exactly 300,000 KRW without the certificate: 409 CERTIFICATE_REQUIRED, and the payment fails', async () => {
      const payment = await requestPayment(t, cardPaymentBody(300, newMemberId()));
      expect(payment.amount).toBe(300_000);
      const refused = await complete(payment, { certificateVerified: false });
      expectProblem(refused, 409, 'CERTIFICATE_REQUIRED');
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'FAILED',
        completedAt: null,
        failure: { reason: 'CERTIFICATE_REQUIRED', code: 'CERTIFICATE_REQUIRED' },
        cancellable: false,
        cancelBlockedReason: 'NOT_COMPLETED',
      });
      // R22: the PG approved it, so the approval is given back at the PG.
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
        'PaymentApprovalVoidStarted',
        'PaymentApprovalVoided',
      ]);
    });

    it('completes exactly 300,000 KRW with certificateVerified true', async () => {
      const payment = await requestPayment(t, cardPaymentBody(300, newMemberId()));
      const completed = await complete(payment, { certificateVerified: true }).expect(200);
      expect(completed.body).toMatchObject({ status: 'COMPLETED', amount: 300_000 });
    });

    it('completes 299,000 KRW without the certificate', async () => {
      const payment = await requestPayment(t, cardPaymentBody(299, newMemberId()));
      const completed = await complete(payment, { certificateVerified: false }).expect(200);
      expect(completed.body).toMatchObject({ status: 'COMPLETED', amount: 299_000 });
    });

    it('completes a 300,000 KRW bank transfer without the certificate (by default only cards need it)', async () => {
      const payment = await requestPayment(t, transferPaymentBody(300, newMemberId()));
      await complete(payment, { certificateVerified: false }).expect(200);
    });

    describe('with the thresholds set by the operator (CARD none, BANK_TRANSFER 3,000 KRW)', () => {
      let tuned: TestApp;
      beforeAll(async () => {
        tuned = await startTestApp({
          env: {
            LEDGER_CERTIFICATE_THRESHOLD_CARD_KRW: 'none',
            LEDGER_CERTIFICATE_THRESHOLD_BANK_TRANSFER_KRW: '3000',
          },
        });
      });
      afterAll(() => tuned.close());

      const completeIn = (payment: PaymentBody, certificateVerified: boolean) =>
        tuned.post(
          'gateway',
          `/v1/payments/${payment.paymentId}/complete`,
          approval(payment.amount, { certificateVerified }),
        );

      it('completes a 300,000 KRW card payment without the certificate', async () => {
        const payment = await requestPayment(tuned, cardPaymentBody(300, newMemberId()));
        await completeIn(payment, false).expect(200);
      });

      it('refuses a 3,000 KRW bank transfer without the certificate and fails it', async () => {
        const payment = await requestPayment(tuned, transferPaymentBody(3, newMemberId()));
        const refused = await completeIn(payment, false);
        expect(expectProblem(refused, 409, 'CERTIFICATE_REQUIRED').message).toContain('3,000원');
        const now = await tuned.get('client', `/v1/payments/${payment.paymentId}`).expect(200);
        expect(now.body).toMatchObject({
          status: 'FAILED',
          failure: { reason: 'CERTIFICATE_REQUIRED' },
        });
      });

      it('completes a 3,000 KRW bank transfer with the certificate, and 2,000 KRW without', async () => {
        const atThreshold = await requestPayment(tuned, transferPaymentBody(3, newMemberId()));
        await completeIn(atThreshold, true).expect(200);
        const below = await requestPayment(tuned, transferPaymentBody(2, newMemberId()));
        await completeIn(below, false).expect(200);
      });
    });
  });

  describe('R3a an approval for another amount is refused and charges nothing', () => {
    it.each([4999, 5001])(
      'refuses approvedAmount %i for a 5,000 KRW payment: 409 AMOUNT_MISMATCH, FAILED',
      async (approvedAmount) => {
        const payment = await requestPayment(t, cardPaymentBody(5, newMemberId()));
        const refused = await complete(payment, { approvedAmount });
        expectProblem(refused, 409, 'AMOUNT_MISMATCH');
        expect(await get(payment.paymentId)).toMatchObject({
          status: 'FAILED',
          amount: 5000,
          completedAt: null,
          failure: { reason: 'AMOUNT_MISMATCH', code: 'AMOUNT_MISMATCH' },
        });
        expect(await t.paymentEvents(payment.paymentId)).not.toContain('PaymentCompleted');
      },
    );

    it('does not let a corrected approval revive the failed payment: 409 NOT_REQUESTED', async () => {
      const payment = await requestPayment(t, cardPaymentBody(2, newMemberId()));
      expectProblem(await complete(payment, { approvedAmount: 1000 }), 409, 'AMOUNT_MISMATCH');
      expectProblem(await complete(payment), 409, 'NOT_REQUESTED');
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'AMOUNT_MISMATCH' },
      });
    });
  });

  describe('R4 a payment starts REQUESTED (결제준비); only COMPLETED is charged (FAQ IV.3)', () => {
    it('answers 201 REQUESTED with requestedAt = now, no completion and nothing cancellable', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      expect(payment).toMatchObject({
        status: 'REQUESTED',
        statusLabel: '결제준비',
        completedAt: null,
        expiresAt: null,
        failure: null,
        cancellable: false,
        cancelBlockedReason: 'NOT_COMPLETED',
      });
      expect(ms(payment.requestedAt)).toBe(t.clock.now().toMillis());
      expectProblem(await cancel(payment.paymentId), 409, 'CANCEL_NOT_ALLOWED');
    });

    it('charges on approval: COMPLETED with completedAt = the ledger’s now', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 2 });
      const completed = await completePayment(t, payment);
      expect(completed).toMatchObject({ status: 'COMPLETED', statusLabel: '결제완료' });
      expect(ms(completed.completedAt)).toBe(t.clock.now().toMillis());
    });
  });

  describe('R5 a bank transfer not completed within 15 minutes expires (FAQ IV.3)', () => {
    it('sets expiresAt = requestedAt + 15 minutes', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      expect(ms(payment.expiresAt) - ms(payment.requestedAt)).toBe(15 * 60 * 1000);
    });

    it('stays REQUESTED on refresh at 14:59.999 and appends nothing', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 14, seconds: 59, milliseconds: 999 });
      const refreshed = await refresh(payment.paymentId).expect(200);
      expect(refreshed.body).toMatchObject({ status: 'REQUESTED', failure: null });
      expect(await t.paymentEvents(payment.paymentId)).toEqual(['PaymentRequested']);
    });

    it('fails EXPIRED on refresh at exactly +15:00', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 15 });
      const refreshed = await refresh(payment.paymentId).expect(200);
      expect(refreshed.body).toMatchObject({
        status: 'FAILED',
        expiresAt: null,
        failure: { reason: 'EXPIRED', code: 'EXPIRED' },
      });
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
      ]);
    });

    it('refuses a completion after expiry with 409 NOT_REQUESTED; the payment stays FAILED', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 16 });
      await refresh(payment.paymentId).expect(200);
      expectProblem(await complete(payment), 409, 'NOT_REQUESTED');
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'FAILED',
        completedAt: null,
        failure: { reason: 'EXPIRED' },
      });
      expect(await t.paymentEvents(payment.paymentId)).not.toContain('PaymentCompleted');
    });

    it('refuses a completion arriving at +15:00 even when nobody refreshed: the ledger’s clock decides', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 15 });
      expectProblem(await complete(payment), 409, 'NOT_REQUESTED');
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'EXPIRED' },
      });
    });

    it('completes a transfer approved at 14:59.999', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId()));
      t.clock.advance({ minutes: 14, seconds: 59, milliseconds: 999 });
      await complete(payment).expect(200);
    });

    it('never expires a card payment', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      t.clock.advance({ hours: 3 });
      const refreshed = await refresh(payment.paymentId).expect(200);
      expect(refreshed.body).toMatchObject({ status: 'REQUESTED' });
    });
  });

  describe('R6 one pending bank transfer per payer (FAQ IV.2)', () => {
    it('refuses a second transfer with PENDING_TRANSFER_EXISTS and retryAfter = the first’s deadline', async () => {
      const memberId = newMemberId();
      const first = await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 4 });
      const second = await t.post('client', '/v1/payments', transferPaymentBody(2, memberId));
      const problem = expectProblem(second, 409, 'PENDING_TRANSFER_EXISTS');
      expect(ms(problem.retryAfter)).toBe(ms(first.expiresAt));
    });

    it('lets the same payer pay by card meanwhile, and another payer transfer', async () => {
      const memberId = newMemberId();
      await requestPayment(t, transferPaymentBody(1, memberId));
      await requestPayment(t, cardPaymentBody(1, memberId));
      await requestPayment(t, transferPaymentBody(1, newMemberId()));
    });

    it.each([
      ['completes', (p: PaymentBody) => complete(p).expect(200)],
      [
        'is declined',
        (p: PaymentBody) =>
          t
            .post('gateway', `/v1/payments/${p.paymentId}/fail`, { code: 'E1', message: '거절' })
            .expect(200),
      ],
      [
        'failed on a refused approval (R3a)',
        (p: PaymentBody) => complete(p, { approvedAmount: 1 }).expect(409),
      ],
    ])('accepts a new transfer once the pending one %s', async (_, settle) => {
      const memberId = newMemberId();
      const first = await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 1 });
      await settle(first);
      await requestPayment(t, transferPaymentBody(1, memberId));
    });

    it('accepts a new transfer once the pending one expired by refresh', async () => {
      const memberId = newMemberId();
      const first = await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 15 });
      await refresh(first.paymentId).expect(200);
      await requestPayment(t, transferPaymentBody(1, memberId));
    });

    it('refuses at 14:59.999 and accepts at the deadline, with no refresh at all', async () => {
      const memberId = newMemberId();
      await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 14, seconds: 59, milliseconds: 999 });
      expectProblem(
        await t.post('client', '/v1/payments', transferPaymentBody(1, memberId)),
        409,
        'PENDING_TRANSFER_EXISTS',
      );
      t.clock.advance({ milliseconds: 1 });
      await requestPayment(t, transferPaymentBody(1, memberId));
    });

    it('guards a guest by the id of their real-name check, whatever phone they give', async () => {
      const guest = (verificationId: string, phone: string) => ({
        ...transferPaymentBody(1),
        payer: { type: 'GUEST', verificationId, phone, password: 'pass-1234' },
      });
      const verificationId = newMemberId('rnv');
      await requestPayment(t, guest(verificationId, '010-1234-5678'));
      expectProblem(
        await t.post('client', '/v1/payments', guest(verificationId, '010-9999-0000')),
        409,
        'PENDING_TRANSFER_EXISTS',
      );
      await requestPayment(t, guest(newMemberId('rnv'), '010-1234-5678'));
    });

    it('guards a repayment by bank transfer like any other transfer of the payer', async () => {
      const memberId = newMemberId();
      const original = await completedCardPayment(t, { memberId, count: 2 });
      await view(original.paymentId, original.items[0]!.itemId).expect(200);
      await requestPayment(t, transferPaymentBody(1, memberId));
      const repayment = await t.post('client', `/v1/payments/${original.paymentId}/repayment`, {
        method: 'BANK_TRANSFER',
        bankCode: '081',
      });
      expectProblem(repayment, 409, 'PENDING_TRANSFER_EXISTS');
    });
  });

  describe('R7 PG declines are kept with the PG’s code and message (FAQ IV.4)', () => {
    it('shows failure {DECLINED, code, message} to the client and to support', async () => {
      const payment = await requestPayment(t, cardPaymentBody(2, newMemberId()));
      const failed = await t
        .post('gateway', `/v1/payments/${payment.paymentId}/fail`, {
          code: 'E4012',
          message: '카드 한도 초과',
        })
        .expect(200);
      const failure = { reason: 'DECLINED', code: 'E4012', message: '카드 한도 초과' };
      expect(failed.body).toMatchObject({ status: 'FAILED', failure, completedAt: null });
      expect(await get(payment.paymentId)).toMatchObject({ status: 'FAILED', failure });
      expect(await get(payment.paymentId, 'support')).toMatchObject({ status: 'FAILED', failure });
    });

    it('takes the same decline again as a PG retry: 200, nothing new', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      const decline = { code: 'E1', message: '승인 거절' };
      await t.post('gateway', `/v1/payments/${payment.paymentId}/fail`, decline).expect(200);
      await t.post('gateway', `/v1/payments/${payment.paymentId}/fail`, decline).expect(200);
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
      ]);
    });

    it('refuses a decline of a completed payment with 409 NOT_REQUESTED', async () => {
      const payment = await completedCardPayment(t);
      const late = await t.post('gateway', `/v1/payments/${payment.paymentId}/fail`, {
        code: 'E1',
        message: '승인 거절',
      });
      expectProblem(late, 409, 'NOT_REQUESTED');
      expect(await get(payment.paymentId)).toMatchObject({ status: 'COMPLETED' });
    });
  });

  describe('R8 only a completed payment’s items are viewed, each once', () => {
    it('refuses to view an item of a REQUESTED payment: 409 VIEW_NOT_ALLOWED', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      expectProblem(
        await view(payment.paymentId, payment.items[0]!.itemId),
        409,
        'VIEW_NOT_ALLOWED',
      );
      expect(await t.paymentEvents(payment.paymentId)).toEqual(['PaymentRequested']);
    });

    it('refuses to view an item of a FAILED or a CANCELLED payment', async () => {
      const failed = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      await t
        .post('gateway', `/v1/payments/${failed.paymentId}/fail`, { code: 'E', message: '거절' })
        .expect(200);
      expectProblem(await view(failed.paymentId, failed.items[0]!.itemId), 409, 'VIEW_NOT_ALLOWED');
      const cancelled = await completedCardPayment(t);
      await cancel(cancelled.paymentId).expect(200);
      expectProblem(
        await view(cancelled.paymentId, cancelled.items[0]!.itemId),
        409,
        'VIEW_NOT_ALLOWED',
      );
    });

    it('answers 404 ITEM_NOT_FOUND for an item that is not in the payment', async () => {
      const payment = await completedCardPayment(t);
      const other = await completedCardPayment(t);
      expectProblem(await view(payment.paymentId, 'no-such-item'), 404, 'ITEM_NOT_FOUND');
      expectProblem(await view(payment.paymentId, other.items[0]!.itemId), 404, 'ITEM_NOT_FOUND');
    });

    it('records a view once: a second view answers 200 and appends nothing', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const itemId = payment.items[1]!.itemId;
      const first = await view(payment.paymentId, itemId).expect(200);
      const viewedAt = first.body.items[1].viewedAt as string;
      expect(ms(viewedAt)).toBe(t.clock.now().toMillis());
      const before = await t.store.readStream(`payment-${payment.paymentId}`);

      t.clock.advance({ minutes: 30 });
      const again = await view(payment.paymentId, itemId).expect(200);
      expect(again.body.items[1]).toMatchObject({ itemId, viewed: true, viewedAt });
      expect(again.body.items[0]).toMatchObject({ viewed: false, viewedAt: null });
      expect(await t.store.readStream(`payment-${payment.paymentId}`)).toHaveLength(before.length);
    });
  });

  describe('R9 cancellation is whole: there is no partial cancel (FAQ II.5)', () => {
    it('refuses POST /cancel with itemIds as an unknown property, and cancels nothing', async () => {
      const payment = await completedCardPayment(t, { count: 3 });
      const partial = await t.post('client', `/v1/payments/${payment.paymentId}/cancel`, {
        itemIds: [payment.items[0]!.itemId],
      });
      const problem = expectProblem(partial, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([{ field: 'itemIds', message: '허용되지 않는 항목입니다.' }]);
      expect(await get(payment.paymentId)).toMatchObject({ status: 'COMPLETED' });
    });

    it('has no per-item cancel route', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const route = `/v1/payments/${payment.paymentId}/items/${payment.items[0]!.itemId}/cancel`;
      expectProblem(await t.post('client', route), 404, 'NOT_FOUND');
    });

    it('cancels every item and the whole amount', async () => {
      const payment = await completedCardPayment(t, { count: 3 });
      const cancelled = await cancel(payment.paymentId).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'CANCELLED', amount: 3000 });
      expect(gateway.cancellations.at(-1)).toMatchObject({
        paymentId: payment.paymentId,
        amountKrw: 3000,
      });
      const last = (await t.store.readStream(`payment-${payment.paymentId}`)).at(-1);
      expect(last).toMatchObject({ type: 'PaymentCancelled', data: { amountKrw: 3000 } });
    });

    it('refuses a second cancellation: ALREADY_CANCELLED', async () => {
      const payment = await completedCardPayment(t);
      await cancel(payment.paymentId).expect(200);
      const again = await cancel(payment.paymentId);
      expect(expectProblem(again, 409, 'CANCEL_NOT_ALLOWED').reason).toBe('ALREADY_CANCELLED');
    });
  });

  describe('R10 cancellation only on the KST day the payment completed (FAQ II.4, II.7)', () => {
    it('cancels at 23:59:59.999 a payment completed at 23:59:59 the same day', async () => {
      moveClockTo(t.clock, '23:59:59');
      const payment = await completedCardPayment(t);
      moveClockTo(t.clock, '23:59:59.999');
      await cancel(payment.paymentId).expect(200);
    });

    it('refuses NOT_SAME_DAY at 00:00:00 the next day, and `cancellable` flips with no new event', async () => {
      moveClockTo(t.clock, '23:59:59');
      const payment = await completedCardPayment(t);
      moveClockTo(t.clock, '23:59:59.999');
      expect(await get(payment.paymentId)).toMatchObject({
        cancellable: true,
        cancelBlockedReason: null,
      });
      const events = await t.paymentEvents(payment.paymentId);

      moveClockTo(t.clock, '00:00:00.000', 1);
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'COMPLETED',
        cancellable: false,
        cancelBlockedReason: 'NOT_SAME_DAY',
      });
      expect(await t.paymentEvents(payment.paymentId)).toEqual(events);
      const refused = await cancel(payment.paymentId);
      const problem = expectProblem(refused, 409, 'CANCEL_NOT_ALLOWED');
      expect(problem.reason).toBe('NOT_SAME_DAY');
      expect(await get(payment.paymentId)).toMatchObject({ status: 'COMPLETED' });
    });

    it('counts the day of completion, not of the request', async () => {
      moveClockTo(t.clock, '23:59:00');
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      moveClockTo(t.clock, '00:00:01', 1);
      await completePayment(t, payment);
      moveClockTo(t.clock, '00:05');
      await cancel(payment.paymentId).expect(200);
    });
  });

  describe('R11 a payment with a viewed item cannot be cancelled (FAQ II.8)', () => {
    it('refuses with ALREADY_VIEWED and the FAQ’s message; GET says why', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      await view(payment.paymentId, payment.items[1]!.itemId).expect(200);
      const problem = expectProblem(await cancel(payment.paymentId), 409, 'CANCEL_NOT_ALLOWED');
      expect(problem).toMatchObject({
        reason: 'ALREADY_VIEWED',
        message: '이미 열람된 건은 취소할 수 없습니다',
      });
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'COMPLETED',
        cancellable: false,
        cancelBlockedReason: 'ALREADY_VIEWED',
      });
      expect(gateway.callsFor(payment.paymentId)).toBe(0);
    });

    it('names NOT_SAME_DAY, not ALREADY_VIEWED, for a viewed payment of yesterday (a repayment would not help)', async () => {
      const payment = await completedCardPayment(t);
      await view(payment.paymentId, payment.items[0]!.itemId).expect(200);
      moveClockTo(t.clock, '09:00', 1);
      const problem = expectProblem(await cancel(payment.paymentId), 409, 'CANCEL_NOT_ALLOWED');
      expect(problem.reason).toBe('NOT_SAME_DAY');
    });
  });

  describe('R12 the repayment workaround (FAQ II.4)', () => {
    const repay = (paymentId: string, body: object = { method: 'CARD', cardIssuer: 'SAMSUNG' }) =>
      t.post('client', `/v1/payments/${paymentId}/repayment`, body);

    it('refuses a repayment when nothing was viewed: 409 REPAYMENT_NOT_ALLOWED / NOTHING_VIEWED', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      const refused = expectProblem(await repay(payment.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
      expect(refused.reason).toBe('NOTHING_VIEWED');
    });

    it('refuses a repayment of a payment that is not completed: NOT_COMPLETED', async () => {
      const payment = await requestPayment(t, cardPaymentBody(1, newMemberId()));
      const refused = expectProblem(await repay(payment.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
      expect(refused.reason).toBe('NOT_COMPLETED');
    });

    it('refuses a repayment the day after: NOT_SAME_DAY, the original could not be cancelled anyway', async () => {
      const payment = await completedCardPayment(t);
      await view(payment.paymentId, payment.items[0]!.itemId).expect(200);
      moveClockTo(t.clock, '09:00', 1);
      const refused = expectProblem(await repay(payment.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
      expect(refused.reason).toBe('NOT_SAME_DAY');
    });

    it('repays exactly the viewed items, whatever their number, and takes no items from the body', async () => {
      const payment = await completedCardPayment(t, { count: 5 });
      await view(payment.paymentId, payment.items[1]!.itemId).expect(200);
      await view(payment.paymentId, payment.items[3]!.itemId).expect(200);
      const withItems = await repay(payment.paymentId, {
        method: 'CARD',
        cardIssuer: 'SAMSUNG',
        items: [{ court: '서울중앙지방법원', caseNumber: '2024가합10001' }],
      });
      expectProblem(withItems, 400, 'VALIDATION_FAILED');

      const repayment = (await repay(payment.paymentId).expect(201)).body as PaymentBody;
      expect(repayment.amount).toBe(2000);
      expect(repayment.items.map((item) => item.caseNumber)).toEqual([
        '2024가합10001',
        '2024가합10003',
      ]);
    });

    it('moves nothing when the repayment is declined: the original stays ALREADY_VIEWED', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      await view(payment.paymentId, payment.items[0]!.itemId).expect(200);
      const repayment = (await repay(payment.paymentId).expect(201)).body as PaymentBody;
      await t
        .post('gateway', `/v1/payments/${repayment.paymentId}/fail`, { code: 'E', message: '거절' })
        .expect(200);
      expect(await get(payment.paymentId)).toMatchObject({
        cancelBlockedReason: 'ALREADY_VIEWED',
      });
    });

    it('R23 refuses a repayment that completes after midnight: ORIGINAL_NOT_CANCELLABLE, voided, no view moves', async () => {
      moveClockTo(t.clock, '23:50');
      const payment = await completedCardPayment(t, { count: 3 });
      await view(payment.paymentId, payment.items[2]!.itemId).expect(200);
      moveClockTo(t.clock, '23:55');
      const repayment = (await repay(payment.paymentId).expect(201)).body as PaymentBody;

      moveClockTo(t.clock, '00:05', 1);
      const pgTransactionId = `pg-r23-${repayment.paymentId}`;
      const refused = await t.post(
        'gateway',
        `/v1/payments/${repayment.paymentId}/complete`,
        approval(repayment.amount, { pgTransactionId }),
      );
      expectProblem(refused, 409, 'ORIGINAL_NOT_CANCELLABLE');
      expect(await get(repayment.paymentId)).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'ORIGINAL_NOT_CANCELLABLE' },
      });
      // The payer paid once: the approval is given back at the PG, and the views stay put.
      expect(gateway.sandbox.transaction(pgTransactionId).voids).toHaveLength(1);
      expect(await t.paymentEvents(repayment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentFailed',
        'PaymentApprovalVoidStarted',
        'PaymentApprovalVoided',
      ]);
      const original = await get(payment.paymentId);
      expect(original.items.filter((item) => item.viewed)).toHaveLength(1);
      expect(await t.paymentEvents(payment.paymentId)).not.toContain('JudgmentViewsTransferred');
      const again = await t.post(
        'gateway',
        `/v1/payments/${repayment.paymentId}/complete`,
        approval(repayment.amount, { pgTransactionId }),
      );
      expectProblem(again, 409, 'ORIGINAL_NOT_CANCELLABLE'); // a replay: the same answer
      expect(gateway.sandbox.transaction(pgTransactionId).voids).toHaveLength(1);
    });

    it('refuses a second repayment of the same views while the first is pending: REPAYMENT_PENDING, never charged twice', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      await view(payment.paymentId, payment.items[0]!.itemId).expect(200);
      const first = (await repay(payment.paymentId).expect(201)).body as PaymentBody;
      const second = expectProblem(await repay(payment.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
      expect(second.reason).toBe('REPAYMENT_PENDING');
      await completePayment(t, first);

      expect(await get(payment.paymentId)).toMatchObject({ cancellable: true });
      await cancel(payment.paymentId).expect(200);
    });
  });

  describe('R13 a cancellation the PG refuses or times out is recorded; the payment stays COMPLETED (FAQ II.6)', () => {
    it('answers 502 PG_CANCEL_FAILED with pgCode C001 for sandbox-cancel-refused', async () => {
      const payment = await completedCardPayment(t, {
        pgTransactionId: 'sandbox-cancel-refused-r13-a',
      });
      const failed = await cancel(payment.paymentId);
      const problem = expectProblem(failed, 502, 'PG_CANCEL_FAILED');
      expect(problem).toMatchObject({
        pgCode: 'C001',
        pgMessage: '취소가 거절되었습니다 (sandbox)',
      });
      expect(await get(payment.paymentId, 'support')).toMatchObject({
        status: 'COMPLETED',
        cancellable: true,
      });
      const last = (await t.store.readStream(`payment-${payment.paymentId}`)).at(-1);
      expect(last).toMatchObject({
        type: 'PaymentCancellationFailed',
        data: { pgCode: 'C001', pgMessage: '취소가 거절되었습니다 (sandbox)' },
      });
    });

    it('R21 answers 202 for sandbox-cancel-timeout: CANCELLING until the PG, asked, has no record; then COMPLETED again', async () => {
      const payment = await completedCardPayment(t, {
        pgTransactionId: 'sandbox-cancel-timeout-r13-b',
      });
      const key = `r13-retry-${payment.paymentId}`;
      const route = `/v1/payments/${payment.paymentId}/cancel`;
      const first = await t.post('client', route, undefined, key).expect(202);
      expect(first.headers['retry-after']).toBeDefined();
      expect(first.body).toMatchObject({
        status: 'CANCELLING',
        statusLabel: '결제취소중',
        cancellable: false,
        cancelBlockedReason: 'CANCEL_IN_PROGRESS',
      });
      // R20: while the outcome is unknown nothing else changes the payment.
      expectProblem(
        await view(payment.paymentId, payment.items[0]!.itemId),
        409,
        'CANCEL_IN_PROGRESS',
      );
      // A retry joins the cancellation in flight: 202 again, and no second PG call.
      const retry = await t.post('client', route, undefined, key).expect(202);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(gateway.callsFor(payment.paymentId)).toBe(1);

      // The reconciler looks only past the PG deadline plus a margin, then asks the PG by key.
      await reconcile();
      expect(await get(payment.paymentId)).toMatchObject({ status: 'CANCELLING' });
      t.clock.advance({ seconds: 36 });
      await reconcile();
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'COMPLETED',
        cancellable: true,
      });
      const last = (await t.store.readStream(`payment-${payment.paymentId}`)).at(-1);
      expect(last).toMatchObject({
        type: 'PaymentCancellationFailed',
        data: { pgCode: 'PG_NO_RECORD' },
      });
      expect(gateway.sandbox.transaction('sandbox-cancel-timeout-r13-b')).toMatchObject({
        refunds: [],
        statusCalls: 1,
      });
    });

    it('R21 treats a call that fails as an unknown outcome: 202; the PG has no record, so a new cancel succeeds', async () => {
      const payment = await completedCardPayment(t);
      gateway.answerNext(new Error('socket hang up'));
      const unknown = await cancel(payment.paymentId).expect(202);
      expect(unknown.text).not.toContain('socket hang up');
      expect(unknown.body).toMatchObject({ status: 'CANCELLING' });
      t.clock.advance({ seconds: 36 });
      await reconcile();
      expect(await get(payment.paymentId)).toMatchObject({ status: 'COMPLETED' });
      await cancel(payment.paymentId).expect(200);
      expect(await get(payment.paymentId)).toMatchObject({ status: 'CANCELLED' });
    });
  });
});
