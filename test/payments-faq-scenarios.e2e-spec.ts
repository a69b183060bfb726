/**
 * The payment FAQ's stories (../shared/seed, DESIGN.md §3), told through HTTP against the real app
 * on a temporary SQLite file. Each test starts on a fresh KST day at 09:00 on the manual clock.
 */
import {
  RecordingGateway,
  approval,
  cardPaymentBody,
  completePayment,
  completedCardPayment,
  expectProblem,
  judgments,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  transferPaymentBody,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

describe('payment FAQ scenarios through HTTP', () => {
  let t: TestApp;
  const gateway = new RecordingGateway();

  beforeAll(async () => {
    t = await startTestApp({ gateway });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    moveClockTo(t.clock, '09:00', 1);
  });

  const get = async (paymentId: string): Promise<PaymentBody> =>
    (await t.get('client', `/v1/payments/${paymentId}`).expect(200)).body as PaymentBody;

  describe('FAQ II.4 pay 5, view 1, repay the viewed one, then cancel the 5 (R8, R9, R11, R12, R10)', () => {
    it('lets the payer cancel the original in full once the viewed judgment is paid again', async () => {
      const memberId = newMemberId();
      // given a member paid for five judgments by card, and the PG approved
      const original = await requestPayment(t, cardPaymentBody(5, memberId));
      expect(original).toMatchObject({ status: 'REQUESTED', amount: 5000, currency: 'KRW' });
      await completePayment(t, original);
      const viewedItem = original.items[0]!;

      // and they opened one of the five judgments
      const viewed = await t
        .post('client', `/v1/payments/${original.paymentId}/items/${viewedItem.itemId}/view`)
        .expect(200);
      expect(viewed.body.items[0]).toMatchObject({ itemId: viewedItem.itemId, viewed: true });

      // when they cancel, then it is refused because one judgment was viewed (FAQ II.8)
      const refused = await t.post('client', `/v1/payments/${original.paymentId}/cancel`);
      const problem = expectProblem(refused, 409, 'CANCEL_NOT_ALLOWED');
      expect(problem.reason).toBe('ALREADY_VIEWED');
      expect(problem.message).toBe('이미 열람된 건은 취소할 수 없습니다');
      expect(await get(original.paymentId)).toMatchObject({
        status: 'COMPLETED',
        cancellable: false,
        cancelBlockedReason: 'ALREADY_VIEWED',
      });

      // when they pay again for the viewed judgment only
      t.clock.advance({ minutes: 5 });
      const repayment = await t
        .post('client', `/v1/payments/${original.paymentId}/repayment`, {
          method: 'CARD',
          cardIssuer: 'KB',
        })
        .expect(201);
      const repaid = repayment.body as PaymentBody;
      expect(repaid).toMatchObject({
        status: 'REQUESTED',
        amount: 1000,
        currency: 'KRW',
        method: 'CARD',
        cardIssuer: 'KB',
        authScheme: 'ISP',
        repaymentOf: original.paymentId,
      });
      expect(repaid.paymentId).not.toBe(original.paymentId);
      expect(repaid.items).toEqual([
        expect.objectContaining({
          court: '서울중앙지방법원',
          caseNumber: judgments(1)[0]!.caseNumber,
          fee: 1000,
          viewed: false,
        }),
      ]);
      // by the same payer: the payer is not in the representation, so read the recorded request
      const [originalRequested] = await t.store.readStream(`payment-${original.paymentId}`);
      const [repaymentRequested] = await t.store.readStream(`payment-${repaid.paymentId}`);
      expect(repaymentRequested!.data).toMatchObject({
        payer: { type: 'MEMBER', memberId },
        repaymentOf: { paymentId: original.paymentId, itemIds: [viewedItem.itemId] },
      });
      expect((repaymentRequested!.data as { payer: unknown }).payer).toEqual(
        (originalRequested!.data as { payer: unknown }).payer,
      );

      // and the PG approves the repayment
      const completedRepayment = await completePayment(t, repaid);
      expect(completedRepayment).toMatchObject({ status: 'COMPLETED' });

      // then the original has no viewed judgment left and can be cancelled
      const released = await get(original.paymentId);
      expect(released.items.filter((item) => item.viewed)).toEqual([]);
      expect(released).toMatchObject({ cancellable: true, cancelBlockedReason: null });

      // when they cancel the original, then all five are cancelled (R9: whole payments only)
      const cancelled = await t
        .post('client', `/v1/payments/${original.paymentId}/cancel`)
        .expect(200);
      expect(cancelled.body).toMatchObject({
        status: 'CANCELLED',
        statusLabel: '결제취소',
        amount: 5000,
        cancellable: false,
        cancelBlockedReason: 'ALREADY_CANCELLED',
      });
      expect(await t.paymentEvents(original.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
        'JudgmentViewed',
        'JudgmentViewsTransferred',
        'PaymentCancellationStarted',
        'PaymentCancelled',
      ]);
      const cancelledEvent = (await t.store.readStream(`payment-${original.paymentId}`)).at(-1);
      expect(cancelledEvent!.data).toMatchObject({ amountKrw: 5000 });

      // and the repayment now holds the view, so it cannot be cancelled
      const repaymentNow = await get(repaid.paymentId);
      expect(repaymentNow.items[0]).toMatchObject({ viewed: true });
      expect(repaymentNow).toMatchObject({
        status: 'COMPLETED',
        cancellable: false,
        cancelBlockedReason: 'ALREADY_VIEWED',
      });
      const repaymentCancel = await t.post('client', `/v1/payments/${repaid.paymentId}/cancel`);
      expect(expectProblem(repaymentCancel, 409, 'CANCEL_NOT_ALLOWED').reason).toBe(
        'ALREADY_VIEWED',
      );
    });
  });

  describe('FAQ II.5 there is no partial cancel (R9)', () => {
    it('refuses a cancel that names items, and cancels nothing', async () => {
      const payment = await completedCardPayment(t, { count: 3 });
      const partial = await t.post('client', `/v1/payments/${payment.paymentId}/cancel`, {
        itemIds: [payment.items[0]!.itemId],
      });
      const problem = expectProblem(partial, 400, 'VALIDATION_FAILED');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'itemIds' })]);
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'COMPLETED',
        cancellable: true,
      });
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
      ]);
    });
  });

  describe('FAQ II.6 the cancellation failed: try again later, or call support (R13)', () => {
    it('keeps the payment COMPLETED, records the PG error, and lets a later retry succeed', async () => {
      const payment = await completedCardPayment(t, { count: 2 });
      gateway.answerNext({ outcome: 'REFUSED', pgCode: 'C042', pgMessage: '카드사 통신 장애' });

      const failed = await t.post('client', `/v1/payments/${payment.paymentId}/cancel`);
      const problem = expectProblem(failed, 502, 'PG_CANCEL_FAILED');
      expect(problem).toMatchObject({ pgCode: 'C042', pgMessage: '카드사 통신 장애' });
      expect(problem.message).toContain('사용자지원센터');
      // support looks the transaction number up and sees it still charged, with the PG's error
      const seenBySupport = await t.get('support', `/v1/payments/${payment.paymentId}`).expect(200);
      expect(seenBySupport.body).toMatchObject({ status: 'COMPLETED', cancellable: true });
      const failure = (await t.store.readStream(`payment-${payment.paymentId}`)).at(-1);
      expect(failure).toMatchObject({
        type: 'PaymentCancellationFailed',
        data: { paymentId: payment.paymentId, pgCode: 'C042', pgMessage: '카드사 통신 장애' },
      });

      // "잠시 후 다시 결제취소를 시도해 주시기 바랍니다"
      t.clock.advance({ minutes: 10 });
      const retried = await t
        .post('client', `/v1/payments/${payment.paymentId}/cancel`)
        .expect(200);
      expect(retried.body).toMatchObject({ status: 'CANCELLED' });
      expect(gateway.callsFor(payment.paymentId)).toBe(2);
    });
  });

  describe('FAQ II.7 yesterday’s payment cannot be cancelled (R10)', () => {
    it('refuses NOT_SAME_DAY the next morning, with the FAQ’s words', async () => {
      const payment = await completedCardPayment(t);
      moveClockTo(t.clock, '08:30', 1);
      const refused = await t.post('client', `/v1/payments/${payment.paymentId}/cancel`);
      const problem = expectProblem(refused, 409, 'CANCEL_NOT_ALLOWED');
      expect(problem.reason).toBe('NOT_SAME_DAY');
      expect(problem.message).toContain('당일 결제한 내역만 결제취소가 가능합니다');
    });
  });

  describe('FAQ III.6 a card payment of 300,000 KRW or more needs the certificate (R3)', () => {
    it('fails the payment when the PG approves 300 judgments without certificate verification', async () => {
      const payment = await requestPayment(t, cardPaymentBody(300, newMemberId()));
      expect(payment.amount).toBe(300_000);
      const refused = await t.post(
        'gateway',
        `/v1/payments/${payment.paymentId}/complete`,
        approval(payment.amount, { certificateVerified: false }),
      );
      expect(expectProblem(refused, 409, 'CERTIFICATE_REQUIRED').message).toBe(
        '결제금액이 30만원 이상인 경우 공인인증서가 필요합니다.',
      );
      expect(await get(payment.paymentId)).toMatchObject({
        status: 'FAILED',
        statusLabel: '결제실패',
        failure: { reason: 'CERTIFICATE_REQUIRED' },
      });
    });
  });

  describe('FAQ IV.2 wait 15 minutes before trying a bank transfer again (R6)', () => {
    it('refuses a second transfer while the first is pending and accepts one after the window', async () => {
      const memberId = newMemberId();
      const first = await requestPayment(t, transferPaymentBody(1, memberId));
      t.clock.advance({ minutes: 3 });
      const again = await t.post('client', '/v1/payments', transferPaymentBody(1, memberId));
      const problem = expectProblem(again, 409, 'PENDING_TRANSFER_EXISTS');
      expect(Date.parse(problem.retryAfter!)).toBe(Date.parse(first.expiresAt as string));

      moveClockTo(t.clock, '09:15');
      await requestPayment(t, transferPaymentBody(1, memberId));
    });
  });

  describe('FAQ IV.3 an unfinished transfer shows 결제준비, then 결제실패 after 15 minutes (R4, R5)', () => {
    it('expires the transfer when the payer presses 결제중 after the deadline; nothing is charged', async () => {
      const payment = await requestPayment(t, transferPaymentBody(2, newMemberId(), '004'));
      expect(payment).toMatchObject({
        status: 'REQUESTED',
        statusLabel: '결제준비',
        method: 'BANK_TRANSFER',
        bankCode: '004',
        completedAt: null,
      });

      t.clock.advance({ minutes: 15 });
      const refreshed = await t.post('client', `/v1/payments/${payment.paymentId}/refresh`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toMatchObject({
        status: 'FAILED',
        statusLabel: '결제실패',
        completedAt: null,
        failure: { reason: 'EXPIRED', message: '계좌이체결제가 실패하였습니다.' },
      });
      expect(await t.paymentEvents(payment.paymentId)).not.toContain('PaymentCompleted');
    });
  });

  describe('FAQ IV.4 a PG error code reaches support (R7)', () => {
    it('records the bank’s code and message on the failed transfer', async () => {
      const payment = await requestPayment(t, transferPaymentBody(1, newMemberId(), '020'));
      await t
        .post('gateway', `/v1/payments/${payment.paymentId}/fail`, {
          code: 'B0217',
          message: '잔액이 부족합니다',
        })
        .expect(200);
      const seen = await t.get('support', `/v1/payments/${payment.paymentId}`).expect(200);
      expect(seen.body).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'DECLINED', code: 'B0217', message: '잔액이 부족합니다' },
      });
    });
  });
});
