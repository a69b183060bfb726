import { ctxAt, spec } from '../test/decider-spec';
import {
  cancelled,
  completed,
  completePayment,
  declined,
  expired,
  iso,
  requested,
  transfer,
  viewed,
} from '../test/payment.fixtures';
import type { PaymentCommand } from './payment.commands';
import { paymentDecider } from './payment.decide';
import { statusLabel } from './payment.errors';
import type { PaymentEvent } from './payment.events';
import type { PaymentStatus } from './payment.state';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock);
const refresh: PaymentCommand = { type: 'RefreshPayment', data: {} };
const sweep: PaymentCommand = { type: 'ExpirePayment', data: {} };
const view = (itemId: string): PaymentCommand => ({ type: 'ViewJudgment', data: { itemId } });
const fail = (code = 'P001', message = '잔액이 부족합니다.'): PaymentCommand => ({
  type: 'FailPayment',
  data: { code, message },
});

/** A bank transfer requested at 10:00:00.000 KST: its deadline is 10:15:00.000. */
const transferAt10 = () => requested({ instrument: transfer() });

describe('R5 a REQUESTED bank transfer expires 15 minutes after it was requested', () => {
  it('changes nothing when the payer refreshes before the deadline (14:59.999)', () => {
    payment.given(transferAt10()).when(refresh, at('2026-12-01T10:14:59.999')).thenNothingHappens();
  });

  it('expires it when the payer refreshes at exactly the deadline (15:00.000)', () => {
    payment
      .given(transferAt10())
      .when(refresh, at('2026-12-01T10:15:00.000'))
      .then([expired('2026-12-01T10:15:00.000')]);
  });

  it('expires it when the sweep runs after the deadline', () => {
    payment
      .given(transferAt10())
      .when(sweep, at('2026-12-01T10:17'))
      .then([expired('2026-12-01T10:17')]);
  });

  it('shows 결제실패 with the FAQ message once expired', () => {
    const state = payment.given(transferAt10(), expired('2026-12-01T10:15')).state();
    expect(state.status).toBe('FAILED');
    expect(state.status === 'FAILED' && state.failure).toEqual({
      reason: 'EXPIRED',
      code: 'EXPIRED',
      message: '계좌이체결제가 실패하였습니다.',
      failedAt: iso('2026-12-01T10:15'),
      pgTransactionId: null,
      approvedAmountKrw: null,
    });
    expect(state.status !== 'NONE' && statusLabel(state.status)).toBe('결제실패');
  });

  it('completes at 14:59.999', () => {
    payment
      .given(transferAt10())
      .when(completePayment({ at: '2026-12-01T10:14:59.999' }), at('2026-12-01T10:14:59.999'))
      .then([completed({ at: '2026-12-01T10:14:59.999' })]);
  });

  it('refuses a completion at 15:00.000: expires the transfer and starts the void of the approval (R22)', () => {
    payment
      .given(transferAt10())
      .when(completePayment({ at: '2026-12-01T10:14:59' }), at('2026-12-01T10:15:00.000'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        expired('2026-12-01T10:15:00.000'),
        {
          type: 'PaymentApprovalVoidStarted',
          data: {
            paymentId: 'pay-1',
            pgTransactionId: 'pg-tx-1',
            approvedAmountKrw: 3_000,
            approvedAt: iso('2026-12-01T10:14:59'),
            reason: 'NOT_REQUESTED',
            statusAtReceipt: 'FAILED',
            startedAt: iso('2026-12-01T10:15'),
          },
        },
      ]);
  });

  it('never expires a card payment', () => {
    payment.given(requested()).when(refresh, at('2026-12-02T10:00')).thenNothingHappens();
    payment.given(requested()).when(sweep, at('2026-12-02T10:00')).thenNothingHappens();
  });

  it('leaves completed and already failed transfers alone', () => {
    payment
      .given(transferAt10(), completed())
      .when(sweep, at('2026-12-01T10:20'))
      .thenNothingHappens();
    payment
      .given(transferAt10(), expired('2026-12-01T10:15'))
      .when(refresh, at('2026-12-01T10:20'))
      .thenNothingHappens();
  });

  it('takes the window from the policy', () => {
    const ctx = ctxAt('2026-12-01T10:00', { policy: { pendingTransferWindowMinutes: 30 } });
    const given = payment.given(requested({ instrument: transfer(), windowMinutes: 30 }));
    given.when(refresh, { ...ctx, now: ctx.now.plus({ minutes: 29 }) }).thenNothingHappens();
    given
      .when(refresh, { ...ctx, now: ctx.now.plus({ minutes: 30 }) })
      .then([expired('2026-12-01T10:30')]);
  });

  it('keeps the PG decline code of a transfer declined after its deadline (R7 beats EXPIRED)', () => {
    payment
      .given(transferAt10())
      .when(fail(), at('2026-12-01T10:16'))
      .then([declined({ at: '2026-12-01T10:16' })]);
  });
});

describe('R7 PG declines and errors are recorded with the PG code and message', () => {
  it('fails a REQUESTED payment with reason DECLINED and the PG code', () => {
    payment.given(requested()).when(fail(), at('2026-12-01T10:02')).then([declined()]);
  });

  it('shows the PG code and message to support', () => {
    const state = payment
      .given(requested(), declined({ code: 'E9001', message: '은행 점검시간' }))
      .state();
    expect(state.status === 'FAILED' && state.failure).toMatchObject({
      reason: 'DECLINED',
      code: 'E9001',
      message: '은행 점검시간',
    });
  });

  it('answers a repeated decline with nothing new', () => {
    payment
      .given(requested(), declined())
      .when(fail(), at('2026-12-01T10:03'))
      .thenNothingHappens();
  });

  it('refuses a decline after completion: the payment stays COMPLETED', () => {
    payment
      .given(requested(), completed())
      .when(fail(), at('2026-12-01T10:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' });
  });

  it('refuses a decline after cancellation', () => {
    payment
      .given(requested(), completed(), cancelled())
      .when(fail(), at('2026-12-01T11:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLED' });
  });

  it('refuses a decline without a code', () => {
    payment
      .given(requested())
      .when(fail(' '), at('2026-12-01T10:03'))
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'code' });
  });

  it('answers PAYMENT_NOT_FOUND for a payment that was never requested', () => {
    payment.given().when(fail(), at('2026-12-01T10:03')).thenRefused({ code: 'PAYMENT_NOT_FOUND' });
    payment
      .given()
      .when(refresh, at('2026-12-01T10:03'))
      .thenRefused({ code: 'PAYMENT_NOT_FOUND' });
  });
});

describe('R8 only items of a COMPLETED payment are viewed, each recorded once', () => {
  it('records the first view', () => {
    payment
      .given(requested(), completed())
      .when(view('item-2'), at('2026-12-01T10:05'))
      .then([viewed('item-2')]);
  });

  it('adds nothing when the item is viewed again', () => {
    payment
      .given(requested(), completed(), viewed('item-2'))
      .when(view('item-2'), at('2026-12-01T10:09'))
      .thenNothingHappens();
  });

  it('marks only that item as viewed', () => {
    const state = payment.given(requested(), completed(), viewed('item-2')).state();
    expect(state.status !== 'NONE' && state.items.map((item) => item.viewedAt)).toEqual([
      null,
      iso('2026-12-01T10:05'),
      null,
    ]);
  });

  it.each<[string, PaymentEvent[], PaymentStatus]>([
    ['REQUESTED', [requested()], 'REQUESTED'],
    ['FAILED', [requested(), declined()], 'FAILED'],
    ['CANCELLED', [requested(), completed(), cancelled()], 'CANCELLED'],
  ])('refuses a view of a %s payment', (_, history, status) => {
    payment
      .given(...history)
      .when(view('item-1'), at('2026-12-01T11:30'))
      .thenRefused({ code: 'VIEW_NOT_ALLOWED', status });
  });

  it('refuses an item the payment does not have', () => {
    payment
      .given(requested(), completed())
      .when(view('item-9'), at('2026-12-01T10:05'))
      .thenRefused({ code: 'ITEM_NOT_FOUND', itemId: 'item-9' });
  });
});
