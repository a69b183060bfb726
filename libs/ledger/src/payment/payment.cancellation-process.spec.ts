import { LIMITS } from '@lib/limits';
import { ctxAt, kst, spec } from '../test/decider-spec';
import {
  cancellationFailed,
  cancellationStarted,
  cancellationSucceeded,
  cancelled,
  cancelPayment,
  completed,
  completePayment,
  declined,
  iso,
  needsAttention,
  recordCancellationFailure,
  recordCancellationSuccess,
  recordCancellationUnanswered,
  requested,
  viewed,
} from '../test/payment.fixtures';
import type { PaymentCommand } from './payment.commands';
import { paymentDecider } from './payment.decide';
import type { PaymentEvent } from './payment.events';
import { planRepayment } from './payment.repayment';
import { cancelBlockedReason } from './payment.rules';
import { foldPayment } from './payment.state';
import { MAX_PG_MESSAGE_LENGTH } from './payment.validation';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock, { idPrefix: 'cancel-' });

/** Completed on 2026-12-01 at 10:01 KST (3,000 KRW, pg-tx-1); cancel-1 started at 11:00. */
const cancelling = (): PaymentEvent[] => [requested(), completed(), cancellationStarted()];

describe('R20 while a payment is CANCELLING (결제취소중) nothing else changes it', () => {
  it('folds PaymentCancellationStarted to CANCELLING with the cancellation in flight', () => {
    const state = foldPayment(cancelling());
    expect(state.status).toBe('CANCELLING');
    expect(state.status === 'CANCELLING' && state.cancellation).toEqual({
      cancellationId: 'cancel-1',
      startedAt: iso('2026-12-01T11:00'),
      attention: null,
    });
  });

  it('refuses a view with CANCEL_IN_PROGRESS, naming the cancellation', () => {
    payment
      .given(...cancelling())
      .when({ type: 'ViewJudgment', data: { itemId: 'item-1' } }, at('2026-12-01T11:00:01'))
      .thenRefused({ code: 'CANCEL_IN_PROGRESS', cancellationId: 'cancel-1' });
  });

  it('refuses a view even of an item viewed before the cancellation started', () => {
    // A COMPLETED payment with a view cannot start cancelling (R11); a stream can still hold one.
    payment
      .given(requested(), completed(), viewed('item-1'), cancellationStarted())
      .when({ type: 'ViewJudgment', data: { itemId: 'item-1' } }, at('2026-12-01T11:00:01'))
      .thenRefused({ code: 'CANCEL_IN_PROGRESS' });
  });

  it('refuses to move its views to a repayment (REPAYMENT_NOT_ALLOWED, CANCEL_IN_PROGRESS)', () => {
    payment
      .given(...cancelling())
      .when(
        { type: 'TransferViews', data: { toPaymentId: 'pay-2', itemIds: ['item-1'] } },
        at('2026-12-01T11:00:01'),
      )
      .thenRefused({ code: 'REPAYMENT_NOT_ALLOWED', reason: 'CANCEL_IN_PROGRESS' });
  });

  it('refuses to plan a repayment of it', () => {
    const plan = planRepayment(
      foldPayment(cancelling()),
      { paymentId: 'pay-2', method: 'CARD', cardIssuer: 'BC' },
      kst('2026-12-01T11:00:01'),
      false,
    );
    expect(plan.refusal).toMatchObject({
      code: 'REPAYMENT_NOT_ALLOWED',
      reason: 'CANCEL_IN_PROGRESS',
    });
  });

  it('refuses a PG decline (NOT_REQUESTED, status CANCELLING)', () => {
    payment
      .given(...cancelling())
      .when(
        { type: 'FailPayment', data: { code: 'P001', message: '잔액이 부족합니다.' } },
        at('2026-12-01T11:00:01'),
      )
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLING' });
  });

  it('takes the original approval repeated by the PG as a replay: nothing', () => {
    payment
      .given(...cancelling())
      .when(completePayment(), at('2026-12-01T11:00:01'))
      .thenNothingHappens();
  });

  it.each<PaymentCommand['type']>(['ExpirePayment', 'RefreshPayment'])(
    'changes nothing on %s',
    (type) => {
      payment
        .given(...cancelling())
        .when({ type, data: {} } as PaymentCommand, at('2026-12-01T11:00:01'))
        .thenNothingHappens();
    },
  );

  it('answers CANCEL_IN_PROGRESS to the read side whatever the day and the settlement', () => {
    const state = foldPayment(cancelling());
    expect(cancelBlockedReason(state, kst('2026-12-01T11:01'), false)).toBe('CANCEL_IN_PROGRESS');
    expect(cancelBlockedReason(state, kst('2026-12-02T09:00'), true)).toBe('CANCEL_IN_PROGRESS');
  });
});

describe('R20 the PG cancelled: the payment is CANCELLED', () => {
  it('records PaymentCancelled of the cancellation in flight, with the PG cancel transaction', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationSuccess('cancel-1', 'pg-cancel-9'), at('2026-12-01T11:00:02'))
      .then([
        {
          type: 'PaymentCancelled',
          data: {
            paymentId: 'pay-1',
            cancellationId: 'cancel-1',
            amountKrw: 3_000,
            cancelledAt: iso('2026-12-01T11:00:02'),
            completedOn: '2026-12-01',
            pgCancelTransactionId: 'pg-cancel-9',
          },
        },
      ]);
  });

  it('folds to CANCELLED, keeping the cancellation id', () => {
    const state = foldPayment([
      ...cancelling(),
      cancellationSucceeded({ at: '2026-12-01T11:00:02' }),
    ]);
    expect(state).toMatchObject({
      status: 'CANCELLED',
      cancellationId: 'cancel-1',
      cancelledAt: iso('2026-12-01T11:00:02'),
      pgCancelTransactionId: null,
    });
  });

  it('records the outcome even after the day turned or the settlement closed (the PG has spoken)', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationSuccess(), at('2026-12-02T00:00:05'))
      .then([cancellationSucceeded({ at: '2026-12-02T00:00:05' })]);
  });

  it('records it after the cancellation was handed to support (R21)', () => {
    payment
      .given(...cancelling(), needsAttention())
      .when(recordCancellationSuccess(), at('2026-12-01T11:30'))
      .then([cancellationSucceeded({ at: '2026-12-01T11:30' })]);
  });

  it('adds nothing when the same success arrives again', () => {
    payment
      .given(...cancelling(), cancellationSucceeded())
      .when(recordCancellationSuccess(), at('2026-12-01T11:01'))
      .thenNothingHappens();
  });

  it('treats a success for another cancellation than the one in flight as a bug', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationSuccess('cancel-9'), at('2026-12-01T11:01'))
      .thenThrows(/cancel-9.*cancel-1 is in flight/);
  });

  it('treats a success for another cancellation of a cancelled payment as a bug', () => {
    payment
      .given(...cancelling(), cancellationSucceeded())
      .when(recordCancellationSuccess('cancel-9'), at('2026-12-01T11:01'))
      .thenThrows(/another cancellation/);
  });

  it('treats a success for a payment that is not cancelling as a bug', () => {
    payment
      .given(requested(), completed())
      .when(recordCancellationSuccess(), at('2026-12-01T11:00'))
      .thenThrows(/COMPLETED payment/);
    payment
      .given(requested())
      .when(recordCancellationSuccess(), at('2026-12-01T11:00'))
      .thenThrows(/REQUESTED payment/);
    payment
      .given(requested(), declined())
      .when(recordCancellationSuccess(), at('2026-12-01T11:00'))
      .thenThrows(/FAILED payment/);
  });

  it('refuses a malformed PG cancel transaction id', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationSuccess('cancel-1', ' '), at('2026-12-01T11:00:02'))
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'pgCancelTransactionId' });
  });
});

describe('R13 the PG refused the cancellation: COMPLETED again, and the payer may retry', () => {
  it('records the PG code and message and answers PG_CANCEL_FAILED', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationFailure(), at('2026-12-01T11:00:02'))
      .thenRefused({ code: 'PG_CANCEL_FAILED', pgCode: 'C001', pgMessage: '취소 거절' }, [
        {
          type: 'PaymentCancellationFailed',
          data: {
            paymentId: 'pay-1',
            cancellationId: 'cancel-1',
            pgCode: 'C001',
            pgMessage: '취소 거절',
            failedAt: iso('2026-12-01T11:00:02'),
          },
        },
      ]);
  });

  it('answers with the FAQ II.6 message', () => {
    const refusal = payment
      .given(...cancelling())
      .when(recordCancellationFailure(), at('2026-12-01T11:00:02'))
      .thenRefused({ code: 'PG_CANCEL_FAILED' }, [
        cancellationFailed({ at: '2026-12-01T11:00:02' }),
      ]);
    expect(refusal.message).toContain('결제취소가 실패하였습니다');
  });

  it('folds to COMPLETED with the failure in its history and no cancellation in flight', () => {
    const state = foldPayment([...cancelling(), cancellationFailed()]);
    expect(state.status).toBe('COMPLETED');
    expect(state).not.toHaveProperty('cancellation');
    expect(state.status === 'COMPLETED' && state.cancellationFailures).toEqual([
      {
        cancellationId: 'cancel-1',
        pgCode: 'C001',
        pgMessage: '취소 거절',
        failedAt: iso('2026-12-01T11:00'),
      },
    ]);
  });

  it('records R21\'s "no record at the PG" as a failure too', () => {
    payment
      .given(...cancelling())
      .when(
        recordCancellationFailure('cancel-1', 'PG_NO_RECORD', '거래 없음'),
        at('2026-12-01T11:02'),
      )
      .thenRefused({ code: 'PG_CANCEL_FAILED', pgCode: 'PG_NO_RECORD' }, [
        cancellationFailed({
          at: '2026-12-01T11:02',
          pgCode: 'PG_NO_RECORD',
          pgMessage: '거래 없음',
        }),
      ]);
  });

  it('answers the same failure again with the recorded PG code, adding nothing', () => {
    payment
      .given(...cancelling(), cancellationFailed({ pgCode: 'C001', pgMessage: '취소 거절' }))
      .when(recordCancellationFailure('cancel-1', 'C777', '다른 말'), at('2026-12-01T11:01'))
      .thenRefused({ code: 'PG_CANCEL_FAILED', pgCode: 'C001', pgMessage: '취소 거절' });
  });

  it('lets the payer cancel again, under a new cancellation id, and that one can succeed', () => {
    const history = [...cancelling(), cancellationFailed()];
    payment
      .given(...history)
      .when(cancelPayment(), { ...at('2026-12-01T11:05'), newId: () => 'cancel-2' })
      .then([cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' })]);
    const second = cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' });
    payment
      .given(...history, second)
      .when(recordCancellationSuccess('cancel-2', 'pg-cancel-9'), at('2026-12-01T11:05:02'))
      .then([
        cancellationSucceeded({
          at: '2026-12-01T11:05:02',
          cancellationId: 'cancel-2',
          pgCancelTransactionId: 'pg-cancel-9',
        }),
      ]);
  });

  it('keeps both failures when the second cancellation fails too', () => {
    const state = foldPayment([
      ...cancelling(),
      cancellationFailed(),
      cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' }),
      cancellationFailed({ at: '2026-12-01T11:05:02', cancellationId: 'cancel-2', pgCode: 'C002' }),
    ]);
    expect(state.status === 'COMPLETED' && state.cancellationFailures).toEqual([
      expect.objectContaining({ cancellationId: 'cancel-1', pgCode: 'C001' }),
      expect.objectContaining({ cancellationId: 'cancel-2', pgCode: 'C002' }),
    ]);
  });

  it('treats a failure for another cancellation than the one in flight as a bug', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationFailure('cancel-9'), at('2026-12-01T11:01'))
      .thenThrows(/cancel-9.*cancel-1 is in flight/);
  });

  it('treats a failure of a cancellation that never started as a bug', () => {
    payment
      .given(requested(), completed())
      .when(recordCancellationFailure(), at('2026-12-01T11:01'))
      .thenThrows(/never started/);
  });

  it('treats a failure for a cancelled payment as a bug (the PG cannot refuse what it refunded)', () => {
    payment
      .given(...cancelling(), cancellationSucceeded())
      .when(recordCancellationFailure(), at('2026-12-01T11:01'))
      .thenThrows(/CANCELLED payment/);
    payment
      .given(...cancelling(), cancellationSucceeded())
      .when(recordCancellationFailure('cancel-9'), at('2026-12-01T11:01'))
      .thenThrows(/another cancellation/);
  });

  it('treats a failure for a payment that never completed as a bug', () => {
    payment
      .given(requested())
      .when(recordCancellationFailure(), at('2026-12-01T11:00'))
      .thenThrows(/REQUESTED payment/);
    payment
      .given(requested(), declined())
      .when(recordCancellationFailure(), at('2026-12-01T11:00'))
      .thenThrows(/FAILED payment/);
  });

  it('refuses a cancellation failure without a PG code, or with an over-long message', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationFailure('cancel-1', ' '), at('2026-12-01T11:00:02'))
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'pgCode' });
    payment
      .given(...cancelling())
      .when(
        recordCancellationFailure('cancel-1', 'C001', 'x'.repeat(MAX_PG_MESSAGE_LENGTH + 1)),
        at('2026-12-01T11:00:02'),
      )
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'pgMessage' });
  });

  it('records a PG refusal with an empty message (the PG may say nothing)', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationFailure('cancel-1', 'C001', ''), at('2026-12-01T11:00:02'))
      .thenRefused({ code: 'PG_CANCEL_FAILED', pgMessage: '' }, [
        cancellationFailed({ at: '2026-12-01T11:00:02', pgMessage: '' }),
      ]);
  });
});

describe(`R21 an unanswered cancellation needs a person after ${LIMITS.reconcile.attentionAfterMinutes} minutes`, () => {
  it('is 10 minutes', () => {
    expect(LIMITS.reconcile.attentionAfterMinutes).toBe(10);
  });

  it('records nothing at 9:59.999 after the start', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationUnanswered(), at('2026-12-01T11:09:59.999'))
      .thenNothingHappens();
  });

  it('records nothing right after the start', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationUnanswered(), at('2026-12-01T11:00:30'))
      .thenNothingHappens();
  });

  it('records PaymentNeedsAttention at 10:00 after the start', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationUnanswered('cancel-1', 'PG timed out'), at('2026-12-01T11:10'))
      .then([
        {
          type: 'PaymentNeedsAttention',
          data: {
            paymentId: 'pay-1',
            subject: 'CANCELLATION',
            reference: 'cancel-1',
            reason: 'PG_UNANSWERED',
            pgCode: null,
            pgMessage: 'PG timed out',
            since: iso('2026-12-01T11:10'),
          },
        },
      ]);
  });

  it('records it later too, when the reconciler first gives up after 10 minutes', () => {
    payment
      .given(...cancelling())
      .when(recordCancellationUnanswered(), at('2026-12-01T13:00'))
      .then([needsAttention({ at: '2026-12-01T13:00' })]);
  });

  it('measures from the start of the cancellation in flight, not of an earlier one', () => {
    const history = [
      ...cancelling(),
      cancellationFailed(),
      cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' }),
    ];
    payment
      .given(...history)
      .when(recordCancellationUnanswered('cancel-2'), at('2026-12-01T11:14:59.999'))
      .thenNothingHappens();
    payment
      .given(...history)
      .when(recordCancellationUnanswered('cancel-2'), at('2026-12-01T11:15'))
      .then([needsAttention({ at: '2026-12-01T11:15', reference: 'cancel-2' })]);
  });

  it('keeps at most 500 characters of the detail', () => {
    const { events } = payment
      .given(...cancelling())
      .when(recordCancellationUnanswered('cancel-1', 'x'.repeat(600)), at('2026-12-01T11:10'))
      .decision();
    expect(events).toEqual([
      needsAttention({ at: '2026-12-01T11:10', pgMessage: 'x'.repeat(500) }),
    ]);
  });

  it('records the attention once: nothing more afterwards', () => {
    payment
      .given(...cancelling(), needsAttention())
      .when(recordCancellationUnanswered(), at('2026-12-01T11:20'))
      .thenNothingHappens();
  });

  it('keeps the payment CANCELLING, with the attention, until the PG answers', () => {
    const state = foldPayment([...cancelling(), needsAttention()]);
    expect(state.status).toBe('CANCELLING');
    expect(state.status === 'CANCELLING' && state.cancellation.attention).toEqual({
      reason: 'PG_UNANSWERED',
      pgCode: null,
      pgMessage: 'PG timed out',
      since: iso('2026-12-01T11:10'),
    });
  });

  it('records nothing once the cancellation has an outcome', () => {
    for (const outcome of [cancellationSucceeded(), cancellationFailed()]) {
      payment
        .given(...cancelling(), outcome)
        .when(recordCancellationUnanswered(), at('2026-12-01T11:20'))
        .thenNothingHappens();
    }
  });

  it('records nothing for an earlier cancellation while a newer one is in flight', () => {
    payment
      .given(
        ...cancelling(),
        cancellationFailed(),
        cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' }),
      )
      .when(recordCancellationUnanswered('cancel-1'), at('2026-12-01T11:20'))
      .thenNothingHappens();
  });

  it('lets a new cancellation need its own attention after an earlier one had it', () => {
    payment
      .given(
        ...cancelling(),
        needsAttention(),
        cancellationFailed({ at: '2026-12-01T11:12', pgCode: 'PG_NO_RECORD' }),
        cancellationStarted({ at: '2026-12-01T11:15', cancellationId: 'cancel-2' }),
      )
      .when(recordCancellationUnanswered('cancel-2'), at('2026-12-01T11:25'))
      .then([needsAttention({ at: '2026-12-01T11:25', reference: 'cancel-2' })]);
  });

  it('refuses to fold an attention for another cancellation than the one in flight', () => {
    expect(() => foldPayment([...cancelling(), needsAttention({ reference: 'cancel-9' })])).toThrow(
      /another cancellation/,
    );
  });
});

describe('R20 evolve: COMPLETED → CANCELLING → CANCELLED | COMPLETED', () => {
  it('refuses to fold a cancellation start of a payment that is not COMPLETED', () => {
    expect(() => foldPayment([requested(), cancellationStarted()])).toThrow(/REQUESTED payment/);
    expect(() =>
      foldPayment([...cancelling(), cancellationStarted({ cancellationId: 'cancel-2' })]),
    ).toThrow(/CANCELLING payment/);
    expect(() =>
      foldPayment([...cancelling(), cancellationSucceeded(), cancellationStarted()]),
    ).toThrow(/CANCELLED payment/);
  });

  it('refuses to fold an outcome that names another cancellation than the one in flight', () => {
    expect(() =>
      foldPayment([...cancelling(), cancellationSucceeded({ cancellationId: 'cancel-9' })]),
    ).toThrow(/in flight/);
    expect(() =>
      foldPayment([...cancelling(), cancellationFailed({ cancellationId: 'cancel-9' })]),
    ).toThrow(/in flight/);
  });

  it('refuses to fold an outcome with an id when nothing is in flight', () => {
    expect(() => foldPayment([requested(), completed(), cancellationSucceeded()])).toThrow(
      /COMPLETED payment/,
    );
  });

  it('refuses to fold a view while CANCELLING', () => {
    expect(() => foldPayment([...cancelling(), viewed('item-1')])).toThrow(/CANCELLING payment/);
  });

  it('still folds streams written before R20: COMPLETED → CANCELLED directly', () => {
    const state = foldPayment([requested(), completed(), cancelled()]);
    expect(state).toMatchObject({ status: 'CANCELLED', cancellationId: null });
  });

  it('still folds streams written before R20: a failure without id directly after COMPLETED', () => {
    const state = foldPayment([
      requested(),
      completed(),
      cancellationFailed({ cancellationId: null }),
      cancelled({ at: '2026-12-01T11:05' }),
    ]);
    expect(state).toMatchObject({
      status: 'CANCELLED',
      cancellationId: null,
      cancellationFailures: [
        {
          cancellationId: null,
          pgCode: 'C001',
          pgMessage: '취소 거절',
          failedAt: iso('2026-12-01T11:00'),
        },
      ],
    });
  });

  it('refuses to fold an outcome without id while a cancellation is in flight', () => {
    expect(() => foldPayment([...cancelling(), cancelled()])).toThrow(/CANCELLING payment/);
  });

  it('treats a success for a payment cancelled before R20 as a bug (it had no id)', () => {
    payment
      .given(requested(), completed(), cancelled())
      .when(recordCancellationSuccess(), at('2026-12-01T11:01'))
      .thenThrows(/another cancellation/);
  });
});
