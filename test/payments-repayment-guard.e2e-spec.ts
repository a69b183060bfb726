/**
 * R12 under concurrency and after the fact: one pending repayment per original (the repayment
 * guard, `repayment-<originalPaymentId>`, held with the expected revision before the repayment is
 * written), released by the repayment's outcome (inline and by the log-driven reactor) or lapsing
 * after the pending window; and viewing the original again after its views moved records nothing.
 */
import type { Response } from 'supertest';
import { ManualClock, loadConfig, randomIds } from '@lib/common';
import type { PaymentCommand } from '@lib/ledger';
import { LedgerContext } from '@lib/commands';
import { PaymentStore } from '@lib/payments';
import { systemMeta } from '@lib/commands';
import { PaymentFollowUpReactor } from '../apps/worker/src/follow-ups/payment-follow-up.reactor';
import {
  approval,
  cardPaymentBody,
  completePayment,
  completedCardPayment,
  expectProblem,
  moveClockTo,
  newMemberId,
  openTestStore,
  requestPayment,
  startTestApp,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

const CARD = { method: 'CARD', cardIssuer: 'SAMSUNG' };
const statuses = (responses: Response[]) => responses.map((response) => response.status);
const count = (values: number[], value: number) => values.filter((v) => v === value).length;

describe('R12 repayment guard: one pending repayment per original', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    moveClockTo(t.clock, '09:00', 1);
  });

  const repay = (paymentId: string, body: object = CARD) =>
    t.post('client', `/v1/payments/${paymentId}/repayment`, body);
  const view = (paymentId: string, itemId: string) =>
    t.post('client', `/v1/payments/${paymentId}/items/${itemId}/view`);
  const cancel = (paymentId: string) => t.post('client', `/v1/payments/${paymentId}/cancel`);
  const get = async (paymentId: string) =>
    (await t.get('client', `/v1/payments/${paymentId}`).expect(200)).body as PaymentBody;
  const fail = (paymentId: string) =>
    t.post('gateway', `/v1/payments/${paymentId}/fail`, { code: 'E', message: '거절' });

  /** A completed card payment of 2 judgments with its first item viewed. */
  async function viewedOriginal(): Promise<PaymentBody> {
    const original = await completedCardPayment(t, { count: 2 });
    await view(original.paymentId, original.items[0]!.itemId).expect(200);
    return original;
  }

  /** How many repayments of `originalId` the store holds. */
  const repaymentsOf = async (originalId: string) =>
    (await t.store.readAll()).filter(
      (event) =>
        event.type === 'PaymentRequested' &&
        (event.data as { repaymentOf: { paymentId: string } | null }).repaymentOf?.paymentId ===
          originalId,
    ).length;

  it('accepts exactly one of 10 simultaneous card repayments of one original and refuses 9 with REPAYMENT_PENDING', async () => {
    const original = await viewedOriginal();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => repay(original.paymentId)),
    );
    expect(count(statuses(responses), 201)).toBe(1);
    expect(count(statuses(responses), 409)).toBe(9);
    const winner = responses.find((response) => response.status === 201)!.body as PaymentBody;
    for (const refused of responses.filter((response) => response.status === 409)) {
      const problem = expectProblem(refused, 409, 'REPAYMENT_NOT_ALLOWED');
      expect(problem.reason).toBe('REPAYMENT_PENDING');
      expect(problem.retryAfter).toBe(t.clock.now().plus({ minutes: 15 }).toISO());
    }
    expect(await repaymentsOf(original.paymentId)).toBe(1);
    expect(
      (await t.store.readStream(`repayment-${original.paymentId}`)).map((event) => event.type),
    ).toEqual(['RepaymentHeld']);

    // The one repayment completes: the views move, the original can be cancelled in full.
    await completePayment(t, winner);
    await cancel(original.paymentId).expect(200);
    expect(
      (await t.store.readStream(`repayment-${original.paymentId}`)).map((event) => event.type),
    ).toEqual(['RepaymentHeld', 'RepaymentReleased']);
  });

  it('refuses a second repayment card after card while the first is pending, and after it completes there is nothing left to repay', async () => {
    const original = await viewedOriginal();
    const first = (await repay(original.paymentId).expect(201)).body as PaymentBody;
    const second = expectProblem(
      await repay(original.paymentId, { method: 'CARD', cardIssuer: 'BC' }),
      409,
      'REPAYMENT_NOT_ALLOWED',
    );
    expect(second).toMatchObject({ reason: 'REPAYMENT_PENDING' });
    expect(second.message).toMatch(/진행 중인/);

    await completePayment(t, first);
    const after = expectProblem(await repay(original.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
    expect(after.reason).toBe('NOTHING_VIEWED');
    await cancel(original.paymentId).expect(200);
  });

  it('releases the guard when the pending repayment fails: the payer may repay again at once', async () => {
    const original = await viewedOriginal();
    const first = (await repay(original.paymentId).expect(201)).body as PaymentBody;
    await fail(first.paymentId).expect(200);
    const second = (await repay(original.paymentId).expect(201)).body as PaymentBody;
    await completePayment(t, second);
    await cancel(original.paymentId).expect(200);
  });

  it('lapses after the pending window when the PG never answers a card repayment', async () => {
    const original = await viewedOriginal();
    await repay(original.paymentId).expect(201);
    t.clock.advance({ minutes: 14, seconds: 59 });
    expect(
      expectProblem(await repay(original.paymentId), 409, 'REPAYMENT_NOT_ALLOWED').reason,
    ).toBe('REPAYMENT_PENDING');
    t.clock.advance({ seconds: 1 });
    await repay(original.paymentId).expect(201);
  });

  it('R23: of two repayments of one judgment (the first approved after its hold lapsed), only the first to complete charges; the other is refused and voided', async () => {
    const original = await viewedOriginal();
    const first = (await repay(original.paymentId).expect(201)).body as PaymentBody;
    t.clock.advance({ minutes: 15 });
    const second = (await repay(original.paymentId).expect(201)).body as PaymentBody;

    await completePayment(t, first);
    const refused = await t.post(
      'gateway',
      `/v1/payments/${second.paymentId}/complete`,
      approval(second.amount, { pgTransactionId: `pg-second-${second.paymentId}` }),
    );
    expectProblem(refused, 409, 'ORIGINAL_NOT_CANCELLABLE');

    expect(await get(second.paymentId)).toMatchObject({
      status: 'FAILED',
      failure: { reason: 'ORIGINAL_NOT_CANCELLABLE' },
    });
    expect(await t.paymentEvents(second.paymentId)).toContain('PaymentApprovalVoidStarted');
    // The judgment is paid once, by the first repayment, which carries its view.
    expect((await get(first.paymentId)).items[0]).toMatchObject({ viewed: true });
    expect((await get(original.paymentId)).items[0]).toMatchObject({ viewed: false });
  });

  it('releases the hold of a repayment that was refused before it was written (R6 payer guard)', async () => {
    const memberId = newMemberId();
    const original = await completedCardPayment(t, { memberId, count: 2 });
    await view(original.paymentId, original.items[0]!.itemId).expect(200);
    await requestPayment(t, {
      payer: { type: 'MEMBER', memberId },
      method: 'BANK_TRANSFER',
      bankCode: '088',
      items: [{ court: '서울중앙지방법원', caseNumber: '2024가합20001' }],
    });
    expectProblem(
      await repay(original.paymentId, { method: 'BANK_TRANSFER', bankCode: '081' }),
      409,
      'PENDING_TRANSFER_EXISTS',
    );
    // Not blocked by a hold of a repayment that never existed: a card repayment goes through.
    await repay(original.paymentId).expect(201);
    expect(
      (await t.store.readStream(`repayment-${original.paymentId}`)).map(
        (event) => (event.data as { outcome?: string }).outcome ?? event.type,
      ),
    ).toEqual(['RepaymentHeld', 'NOT_CREATED', 'RepaymentHeld']);
  });

  it('writes nothing to the guard for a repayment refused on its own grounds (NOTHING_VIEWED)', async () => {
    const original = await completedCardPayment(t, { count: 2 });
    expectProblem(await repay(original.paymentId), 409, 'REPAYMENT_NOT_ALLOWED');
    expect(await t.store.readStream(`repayment-${original.paymentId}`)).toEqual([]);
  });

  describe('R8/R11 viewing the original again after its views moved to the repayment', () => {
    it('records nothing, and the original stays cancellable', async () => {
      const original = await viewedOriginal();
      const item = original.items[0]!;
      const repayment = (await repay(original.paymentId).expect(201)).body as PaymentBody;
      await completePayment(t, repayment);
      const before = await t.paymentEvents(original.paymentId);

      await view(original.paymentId, item.itemId).expect(200);
      expect(await t.paymentEvents(original.paymentId)).toEqual(before);
      expect(await get(original.paymentId)).toMatchObject({
        cancellable: true,
        cancelBlockedReason: null,
      });
      await cancel(original.paymentId).expect(200);
      expect(await get(repayment.paymentId)).toMatchObject({
        cancelBlockedReason: 'ALREADY_VIEWED',
      });
    });
  });
});

describe('R12 the follow-up reactor releases the repayment guard a crash left held', () => {
  it('given a repayment failed in the log with no inline follow-up, when the service restarts then the reactor releases the guard and a new repayment is accepted', async () => {
    const first = await startTestApp({ now: '2026-12-01T10:00:00+09:00' });
    const original = await requestPayment(first, cardPaymentBody(2, newMemberId()));
    await completePayment(first, original);
    const item = original.items[0]!;
    await first
      .post('client', `/v1/payments/${original.paymentId}/items/${item.itemId}/view`)
      .expect(200);
    const repaid = (
      await first.post('client', `/v1/payments/${original.paymentId}/repayment`, CARD).expect(201)
    ).body as PaymentBody;
    await first.close();

    // The PG's decline is recorded, then the process dies before its follow-ups ran.
    const now = '2026-12-01T10:02:00+09:00';
    const command: PaymentCommand = { type: 'FailPayment', data: { code: 'E', message: '거절' } };
    const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: first.dataDir });
    const store = await openTestStore(first.dataDir);
    try {
      const payments = new PaymentStore(
        store,
        new LedgerContext(new ManualClock(now), config, randomIds),
      );
      const outcome = await payments.decideAndAppend(
        repaid.paymentId,
        command,
        systemMeta('crash'),
      );
      expect(outcome.decision.events.map((event) => event.type)).toEqual(['PaymentFailed']);
    } finally {
      await store.close();
    }

    const t = await startTestApp({ dataDir: first.dataDir, now: '2026-12-01T10:03:00+09:00' });
    try {
      await t.app.get(PaymentFollowUpReactor).catchUpWithLog();
      const guard = await t.store.readStream(`repayment-${original.paymentId}`);
      expect(guard.map((event) => event.type)).toEqual(['RepaymentHeld', 'RepaymentReleased']);
      expect(guard[1]!.data).toMatchObject({ repaymentId: repaid.paymentId, outcome: 'FAILED' });
      await t.post('client', `/v1/payments/${original.paymentId}/repayment`, CARD).expect(201);
    } finally {
      await t.close();
    }
  });
});
