import { DateTime } from 'luxon';
import { ctxAt, kst, spec } from '../test/decider-spec';
import {
  cancelled,
  cancelPayment,
  completed,
  requested,
  declined,
  iso,
  viewed,
} from '../test/payment.fixtures';
import type { PaymentCommand } from './payment.commands';
import { decide, paymentDecider } from './payment.decide';
import type { PaymentEvent } from './payment.events';
import { cancelBlockedReason } from './payment.rules';
import { foldPayment } from './payment.state';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock);
const pgCancelled = (pgCancelTransactionId: string | null = null): PaymentCommand => ({
  type: 'RecordCancellationSuccess',
  data: { pgCancelTransactionId },
});
const pgRefused = (pgCode = 'C001', pgMessage = '취소 거절'): PaymentCommand => ({
  type: 'RecordCancellationFailure',
  data: { pgCode, pgMessage },
});
const cancellationFailed = (when: string): PaymentEvent => ({
  type: 'PaymentCancellationFailed',
  data: { paymentId: 'pay-1', pgCode: 'C001', pgMessage: '취소 거절', failedAt: iso(when) },
});

/** Completed on 2026-12-01 at 10:01 KST, 3 items, 3,000 KRW, PG transaction pg-tx-1. */
const completedPayment = () => [requested(), completed()];

describe('R9 cancellation is for the whole transaction only', () => {
  it('asks the PG to cancel the whole amount of the transaction', () => {
    const decision = payment
      .given(...completedPayment())
      .when(cancelPayment(), at('2026-12-01T11:00'))
      .thenNothingHappens();
    expect(decision).toEqual({
      events: [],
      gatewayCancellation: { pgTransactionId: 'pg-tx-1', amountKrw: 3_000 },
    });
  });

  it('cancels every item at once when the PG agrees', () => {
    payment
      .given(...completedPayment())
      .when(pgCancelled(), at('2026-12-01T11:00'))
      .then([cancelled()]);
    const state = foldPayment([...completedPayment(), cancelled()]);
    expect(state.status).toBe('CANCELLED');
  });

  it('has no partial-cancel command: CancelPayment names no items', () => {
    const partial: PaymentCommand = {
      type: 'CancelPayment',
      // @ts-expect-error there is no partial cancel (R9, FAQ II.5)
      data: { settlementClosed: false, itemIds: ['item-1'] },
    };
    expect(partial.type).toBe('CancelPayment');
  });
});

describe('R10 cancellation only on the KST day of completion', () => {
  it('allows it at 23:59:59.999 KST the same day', () => {
    const decision = payment
      .given(...completedPayment())
      .when(cancelPayment(), at('2026-12-01T23:59:59.999'))
      .decision();
    expect(decision.refusal).toBeUndefined();
  });

  it('refuses it at 00:00:00.000 KST the next day with the FAQ II.7 message', () => {
    const refusal = payment
      .given(...completedPayment())
      .when(cancelPayment(), at('2026-12-02T00:00:00.000'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_SAME_DAY' });
    expect(refusal.message).toContain('당일 결제한 내역만 결제취소가 가능합니다');
  });

  it('refuses at 00:00 a payment completed at 23:59:59.999 the day before', () => {
    payment
      .given(requested({ at: '2026-12-01T23:59' }), completed({ at: '2026-12-01T23:59:59.999' }))
      .when(cancelPayment(), at('2026-12-02T00:00'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_SAME_DAY' });
  });

  it('allows at 23:59:59 a payment completed at 00:00:00.000 the same day', () => {
    const decision = payment
      .given(requested({ at: '2026-11-30T23:59' }), completed({ at: '2026-12-01T00:00:00.000' }))
      .when(cancelPayment(), at('2026-12-01T23:59:59'))
      .decision();
    expect(decision.refusal).toBeUndefined();
  });

  it('judges the day in KST even when the clock speaks UTC', () => {
    // 2026-12-01T15:10Z is 00:10 on 2 December in Seoul, though still 1 December in UTC.
    const utcNow = DateTime.fromISO('2026-12-01T15:10:00Z', { zone: 'utc' });
    const decision = decide(cancelPayment(), foldPayment(completedPayment()), {
      ...at('2026-12-01T00:00'),
      now: utcNow,
    });
    expect(decision.refusal).toMatchObject({ reason: 'NOT_SAME_DAY' });
  });
});

describe('R11 a payment with any viewed item cannot be cancelled', () => {
  it('refuses with ALREADY_VIEWED and the FAQ II.8 message', () => {
    payment
      .given(...completedPayment(), viewed('item-3'))
      .when(cancelPayment(), at('2026-12-01T11:00'))
      .thenRefused({
        code: 'CANCEL_NOT_ALLOWED',
        reason: 'ALREADY_VIEWED',
        message: '이미 열람된 건은 취소할 수 없습니다',
      });
  });

  it('says NOT_SAME_DAY rather than ALREADY_VIEWED once the day is over (a repayment cannot help)', () => {
    payment
      .given(...completedPayment(), viewed('item-3'))
      .when(cancelPayment(), at('2026-12-02T09:00'))
      .thenRefused({ reason: 'NOT_SAME_DAY' });
  });
});

describe('R13 a cancellation the PG refuses is recorded; the payment stays COMPLETED', () => {
  it('records the PG code and message and answers PG_CANCEL_FAILED', () => {
    payment
      .given(...completedPayment())
      .when(pgRefused(), at('2026-12-01T11:00'))
      .thenRefused({ code: 'PG_CANCEL_FAILED', pgCode: 'C001', pgMessage: '취소 거절' }, [
        cancellationFailed('2026-12-01T11:00'),
      ]);
  });

  it('keeps the payment COMPLETED with the failure in its history', () => {
    const state = foldPayment([...completedPayment(), cancellationFailed('2026-12-01T11:00')]);
    expect(state.status).toBe('COMPLETED');
    expect(state.status === 'COMPLETED' && state.cancellationFailures).toEqual([
      { pgCode: 'C001', pgMessage: '취소 거절', failedAt: iso('2026-12-01T11:00') },
    ]);
  });

  it('lets the payer retry, and the retry cancels', () => {
    const history = [...completedPayment(), cancellationFailed('2026-12-01T11:00')];
    expect(
      payment
        .given(...history)
        .when(cancelPayment(), at('2026-12-01T11:05'))
        .decision(),
    ).toMatchObject({ events: [], gatewayCancellation: { pgTransactionId: 'pg-tx-1' } });
    payment
      .given(...history)
      .when(pgCancelled('pg-cancel-9'), at('2026-12-01T11:05'))
      .then([
        {
          ...cancelled({ at: '2026-12-01T11:05' }),
          data: {
            ...cancelled({ at: '2026-12-01T11:05' }).data,
            pgCancelTransactionId: 'pg-cancel-9',
          },
        },
      ]);
  });

  it('records the PG cancellation even if a view slipped in during the call (the PG has spoken)', () => {
    payment
      .given(...completedPayment(), viewed('item-1', { at: '2026-12-01T11:00:00.500' }))
      .when(pgCancelled(), at('2026-12-01T11:00:01'))
      .then([cancelled({ at: '2026-12-01T11:00:01' })]);
  });

  it('adds nothing when a success or a failure arrives for a cancelled payment', () => {
    const history = [...completedPayment(), cancelled()];
    payment
      .given(...history)
      .when(pgCancelled(), at('2026-12-01T11:01'))
      .thenNothingHappens();
    payment
      .given(...history)
      .when(pgRefused(), at('2026-12-01T11:01'))
      .thenNothingHappens();
  });

  it('treats a PG cancellation result for a payment that never completed as a bug', () => {
    payment
      .given(requested())
      .when(pgCancelled(), at('2026-12-01T11:00'))
      .thenThrows(/never cancellable/);
    payment.given(requested(), declined()).when(pgRefused(), at('2026-12-01T11:00')).thenThrows();
  });

  it('refuses a cancellation failure without a PG code', () => {
    payment
      .given(...completedPayment())
      .when(pgRefused(''), at('2026-12-01T11:00'))
      .thenRefused({ code: 'VALIDATION_FAILED', field: 'pgCode' });
  });

  it('refuses to cancel twice', () => {
    payment
      .given(...completedPayment(), cancelled())
      .when(cancelPayment(), at('2026-12-01T11:30'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_CANCELLED' });
  });

  it('refuses to cancel a payment that is not completed', () => {
    payment
      .given(requested())
      .when(cancelPayment(), at('2026-12-01T10:00:30'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_COMPLETED' });
    payment
      .given(requested(), declined())
      .when(cancelPayment(), at('2026-12-01T10:03'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_COMPLETED' });
  });
});

describe('R19 after the day is closed none of its payments can be cancelled', () => {
  it('refuses with SETTLED even while the clock still says it is the completion day', () => {
    payment
      .given(...completedPayment())
      .when(cancelPayment(true), at('2026-12-01T23:00'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'SETTLED' });
  });

  it('says SETTLED before NOT_SAME_DAY and ALREADY_VIEWED', () => {
    payment
      .given(...completedPayment(), viewed('item-1'))
      .when(cancelPayment(true), at('2026-12-03T09:00'))
      .thenRefused({ reason: 'SETTLED' });
  });

  it('asks about the completion day when given a lookup of closed days', () => {
    const asked: string[] = [];
    const reason = cancelBlockedReason(
      foldPayment(completedPayment()),
      kst('2026-12-01T12:00'),
      (day) => {
        asked.push(day);
        return day === '2026-12-01';
      },
    );
    expect(reason).toBe('SETTLED');
    expect(asked).toEqual(['2026-12-01']);
  });

  it('gives the read side exactly the answer decide gives (one implementation)', () => {
    const histories: PaymentEvent[][] = [
      [requested()],
      [requested(), declined()],
      completedPayment(),
      [...completedPayment(), viewed('item-1')],
      [...completedPayment(), cancelled()],
    ];
    const instants = ['2026-12-01T10:30', '2026-12-01T23:59:59.999', '2026-12-02T00:00'];
    for (const history of histories) {
      for (const wallClock of instants) {
        for (const closed of [false, true]) {
          const state = foldPayment(history);
          const decision = decide(cancelPayment(closed), state, at(wallClock));
          const reason =
            decision.refusal?.code === 'CANCEL_NOT_ALLOWED' ? decision.refusal.reason : null;
          expect(reason).toBe(cancelBlockedReason(state, kst(wallClock), closed));
        }
      }
    }
  });
});
