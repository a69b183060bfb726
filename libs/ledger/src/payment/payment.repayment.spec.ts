import { ctxAt, kst, spec } from '../test/decider-spec';
import {
  cancellationStarted,
  cancelled,
  cancelPayment,
  completed,
  completePayment,
  iso,
  MEMBER,
  requested,
  requestPayment,
  viewed,
} from '../test/payment.fixtures';
import type { PaymentCommand, RequestPayment } from './payment.commands';
import { decide, paymentDecider } from './payment.decide';
import type { PaymentEvent, PaymentRequested } from './payment.events';
import { planRepayment, viewTransferFor, type RepaymentRequest } from './payment.repayment';
import { foldPayment } from './payment.state';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock, { idPrefix: 'r-item-' });

/** The FAQ II.4 example: 5 judgments paid at 10:01, one of them (item-2) opened at 10:05. */
const original = (options: { completedAt?: string; viewedAt?: string } = {}): PaymentEvent[] => [
  requested({ items: 5, at: options.completedAt ?? '2026-12-01T10:00' }),
  completed({ amountKrw: 5_000, at: options.completedAt ?? '2026-12-01T10:01' }),
  viewed('item-2', { at: options.viewedAt ?? '2026-12-01T10:05' }),
];
const repayByCard: RepaymentRequest = { paymentId: 'pay-2', method: 'CARD', cardIssuer: 'BC' };

function plannedRepayment(history = original(), now = '2026-12-01T10:10'): RequestPayment {
  const plan = planRepayment(foldPayment(history), repayByCard, kst(now), false);
  if (plan.command === undefined) throw new Error(`refused: ${plan.refusal.code}`);
  return plan.command;
}

/** The PG's approval of the repayment pay-2; R23: the command side says whether pay-1 can still be cancelled. */
const repaymentApproval = (completedAt: string, originalCancellable: boolean) =>
  completePayment({
    pgTransactionId: 'pg-tx-2',
    approvedAmountKrw: 1_000,
    at: completedAt,
    originalCancellable,
  });

/** The repayment pay-2 for item-2, as decided at 10:10 and approved at 10:11. */
function repayment(completedAt = '2026-12-01T10:11'): PaymentEvent[] {
  const request = decide(plannedRepayment(), foldPayment([]), at('2026-12-01T10:10'));
  const approval = decide(
    repaymentApproval(completedAt, true),
    foldPayment(request.events),
    at(completedAt),
  );
  expect(approval.refusal).toBeUndefined();
  return [...request.events, ...approval.events];
}

const transferViews = (itemIds = ['item-2'], toPaymentId = 'pay-2'): PaymentCommand => ({
  type: 'TransferViews',
  data: { toPaymentId, itemIds },
});
const transferred = (when: string): PaymentEvent => ({
  type: 'JudgmentViewsTransferred',
  data: { paymentId: 'pay-1', toPaymentId: 'pay-2', itemIds: ['item-2'], transferredAt: iso(when) },
});

describe('R12 repayment: pay again for the viewed items, then cancel the original in full', () => {
  it('plans a repayment for exactly the viewed items, same payer, linked to the original', () => {
    expect(plannedRepayment()).toEqual({
      type: 'RequestPayment',
      data: {
        paymentId: 'pay-2',
        payer: MEMBER,
        method: 'CARD',
        cardIssuer: 'BC',
        bankCode: null,
        items: [{ court: '서울중앙지방법원', caseNumber: '2024가합2' }],
        repaymentOf: { paymentId: 'pay-1', itemIds: ['item-2'] },
      },
    });
  });

  it('charges the repayment for the viewed items only', () => {
    const [event] = decide(plannedRepayment(), foldPayment([]), at('2026-12-01T10:10'))
      .events as PaymentRequested[];
    expect(event?.data.amountKrw).toBe(1_000);
    expect(event?.data.repaymentOf).toEqual({ paymentId: 'pay-1', itemIds: ['item-2'] });
  });

  it('carries the views into the repayment in the same append as its completion', () => {
    const [, completion, carried] = repayment();
    expect(completion?.type).toBe('PaymentCompleted');
    expect(carried).toEqual({
      type: 'JudgmentViewed',
      data: {
        paymentId: 'pay-2',
        itemId: 'r-item-1',
        viewedAt: iso('2026-12-01T10:11'),
        transferredFrom: { paymentId: 'pay-1', itemId: 'item-2' },
      },
    });
  });

  it('tells the command side to move the views off the original once the repayment completes', () => {
    expect(viewTransferFor(foldPayment(repayment()))).toEqual({
      originalPaymentId: 'pay-1',
      command: transferViews(),
    });
    expect(viewTransferFor(foldPayment(repayment().slice(0, 1)))).toBeNull();
    expect(viewTransferFor(foldPayment(original()))).toBeNull();
  });

  it('moves the views: the original then has no viewed item and can be cancelled', () => {
    payment
      .given(...original())
      .when(transferViews(), at('2026-12-01T10:12'))
      .then([transferred('2026-12-01T10:12')]);
    const after = [...original(), transferred('2026-12-01T10:12')];
    const state = foldPayment(after);
    expect(state.status !== 'NONE' && state.items.every((item) => item.viewedAt === null)).toBe(
      true,
    );
    // R20: the cancellation starts (결제취소중) before the PG is asked to cancel the full 5,000 KRW.
    const cancellation = payment
      .given(...after)
      .when(cancelPayment(), ctxAt('2026-12-01T10:13', { idPrefix: 'cancel-' }))
      .then([cancellationStarted({ at: '2026-12-01T10:13', amountKrw: 5_000 })]);
    expect(cancellation).toEqual({
      events: [cancellationStarted({ at: '2026-12-01T10:13', amountKrw: 5_000 })],
      gatewayCancellation: {
        cancellationId: 'cancel-1',
        pgTransactionId: 'pg-tx-1',
        amountKrw: 5_000,
      },
    });
  });

  it('moves no views when the original can no longer be cancelled (R23): the repayment fails', () => {
    const request = decide(plannedRepayment(), foldPayment([]), at('2026-12-01T10:10'));
    const approval = decide(
      repaymentApproval('2026-12-01T10:11', false),
      foldPayment(request.events),
      at('2026-12-01T10:11'),
    );
    expect(approval.refusal).toMatchObject({
      code: 'ORIGINAL_NOT_CANCELLABLE',
      originalPaymentId: 'pay-1',
    });
    expect(approval.events.map((event) => event.type)).toEqual([
      'PaymentFailed',
      'PaymentApprovalVoidStarted',
    ]);
    const state = foldPayment([...request.events, ...approval.events]);
    expect(viewTransferFor(state)).toBeNull();
    expect(state.status !== 'NONE' && state.items.every((item) => item.viewedAt === null)).toBe(
      true,
    );
  });

  it('leaves the repayment uncancellable: it holds the views', () => {
    payment
      .given(...repayment())
      .when(cancelPayment(), at('2026-12-01T10:13'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_VIEWED' });
  });

  it('adds nothing when the same transfer is sent again', () => {
    payment
      .given(...original(), transferred('2026-12-01T10:12'))
      .when(transferViews(), at('2026-12-01T10:14'))
      .thenNothingHappens();
  });

  it('still moves the views when the repayment completes after midnight, but the original stays NOT_SAME_DAY', () => {
    const late = original({ completedAt: '2026-12-01T23:00', viewedAt: '2026-12-01T23:10' });
    expect(plannedRepayment(late, '2026-12-01T23:50').data.repaymentOf).toEqual({
      paymentId: 'pay-1',
      itemIds: ['item-2'],
    });
    payment
      .given(...late)
      .when(transferViews(), at('2026-12-02T00:05'))
      .then([transferred('2026-12-02T00:05')]);
    payment
      .given(...late, transferred('2026-12-02T00:05'))
      .when(cancelPayment(), at('2026-12-02T00:06'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_SAME_DAY' });
  });

  it('refuses a repayment of items that were not viewed', () => {
    const plan = planRepayment(
      foldPayment(original()),
      { ...repayByCard, itemIds: ['item-2', 'item-3'] },
      kst('2026-12-01T10:10'),
      false,
    );
    expect(plan.refusal).toMatchObject({
      code: 'REPAYMENT_NOT_ALLOWED',
      reason: 'ITEM_NOT_VIEWED',
    });
  });

  it('refuses a repayment for items of another payment', () => {
    const plan = planRepayment(
      foldPayment(original()),
      { ...repayByCard, itemIds: ['other-item-2'] },
      kst('2026-12-01T10:10'),
      false,
    );
    expect(plan.refusal).toMatchObject({ code: 'ITEM_NOT_FOUND', itemId: 'other-item-2' });
  });

  it('refuses a repayment of only some of the viewed items (the original would stay blocked)', () => {
    const history = [...original(), viewed('item-4')];
    const plan = planRepayment(
      foldPayment(history),
      { ...repayByCard, itemIds: ['item-2'] },
      kst('2026-12-01T10:10'),
      false,
    );
    expect(plan.refusal).toMatchObject({ reason: 'VIEWED_ITEMS_MISSING' });
  });

  it.each<[string, PaymentEvent[], string, boolean, string]>([
    ['nothing was viewed', original().slice(0, 2), '2026-12-01T10:10', false, 'NOTHING_VIEWED'],
    ['the day is over', original(), '2026-12-02T09:00', false, 'NOT_SAME_DAY'],
    ['the day is settled', original(), '2026-12-01T10:10', true, 'SETTLED'],
    ['it never completed', original().slice(0, 1), '2026-12-01T10:10', false, 'NOT_COMPLETED'],
    [
      'it was cancelled',
      [...original().slice(0, 2), cancelled()],
      '2026-12-01T11:10',
      false,
      'ALREADY_CANCELLED',
    ],
  ])(
    'refuses a repayment when %s (paying again could not help)',
    (_, history, now, closed, reason) => {
      const plan = planRepayment(foldPayment(history), repayByCard, kst(now), closed);
      expect(plan.refusal).toMatchObject({ code: 'REPAYMENT_NOT_ALLOWED', reason });
    },
  );

  it('refuses to move a view the original does not have, or an item it does not have', () => {
    payment
      .given(...original())
      .when(transferViews(['item-3']), at('2026-12-01T10:12'))
      .thenRefused({ code: 'REPAYMENT_NOT_ALLOWED', reason: 'ITEM_NOT_VIEWED' });
    payment
      .given(...original())
      .when(transferViews(['r-item-1']), at('2026-12-01T10:12'))
      .thenRefused({ code: 'ITEM_NOT_FOUND', itemId: 'r-item-1' });
    payment
      .given(...original().slice(0, 1))
      .when(transferViews(), at('2026-12-01T10:12'))
      .thenRefused({ code: 'REPAYMENT_NOT_ALLOWED', reason: 'NOT_COMPLETED' });
  });

  it('refuses a repayment request whose links do not match its items', () => {
    payment
      .given()
      .when(
        requestPayment({
          paymentId: 'pay-2',
          repaymentOf: { paymentId: 'pay-1', itemIds: ['item-2'] },
        }),
        at('2026-12-01T10:10'),
      )
      .thenRefused({
        code: 'VALIDATION_FAILED',
        field: 'repaymentOf.itemIds',
        reason: 'INVALID_REPAYMENT',
      });
    payment
      .given()
      .when(
        requestPayment({
          items: [{ court: '서울고등법원', caseNumber: '2024나1' }],
          repaymentOf: { paymentId: 'pay-1', itemIds: ['x'] },
        }),
        at('2026-12-01T10:10'),
      )
      .thenRefused({ field: 'repaymentOf.paymentId', reason: 'INVALID_REPAYMENT' });
  });

  it('records nothing when the payer opens the judgment again after the transfer: the repayment paid for it', () => {
    const history = [...original(), transferred('2026-12-01T10:12')];
    payment
      .given(...history)
      .when({ type: 'ViewJudgment', data: { itemId: 'item-2' } }, at('2026-12-01T10:20'))
      .thenNothingHappens();
    const cancel = decide(cancelPayment(), foldPayment(history), at('2026-12-01T10:21'));
    expect(cancel.refusal).toBeUndefined();
  });

  it('still records a first view of an item whose view never moved', () => {
    const history = [...original(), transferred('2026-12-01T10:12')];
    payment
      .given(...history)
      .when({ type: 'ViewJudgment', data: { itemId: 'item-3' } }, at('2026-12-01T10:20'))
      .then([viewed('item-3', { at: '2026-12-01T10:20' })]);
  });
});
