import { DateTime } from 'luxon';
import { ctxAt, kst, spec } from '../test/decider-spec';
import {
  cancellationFailed,
  cancellationStarted,
  cancellationSucceeded,
  cancelled,
  cancelPayment,
  completed,
  declined,
  recordCancellationSuccess,
  requested,
  viewed,
} from '../test/payment.fixtures';
import type { PaymentCommand } from './payment.commands';
import { decide, paymentDecider } from './payment.decide';
import type { PaymentEvent } from './payment.events';
import { cancelBlockedReason } from './payment.rules';
import { foldPayment } from './payment.state';

const payment = spec(paymentDecider);
/** A context whose first generated id, the cancellation id, is `cancel-1`. */
const at = (wallClock: string) => ctxAt(wallClock, { idPrefix: 'cancel-' });

/** Completed on 2026-12-01 at 10:01 KST, 3 items, 3,000 KRW, PG transaction pg-tx-1. */
const completedPayment = (): PaymentEvent[] => [requested(), completed()];

/** What an accepted CancelPayment decides at `wallClock` for the completed payment. */
const startedAt = (wallClock: string) => ({
  events: [cancellationStarted({ at: wallClock })],
  gatewayCancellation: { cancellationId: 'cancel-1', pgTransactionId: 'pg-tx-1', amountKrw: 3_000 },
});

describe('R9 cancellation is for the whole transaction only', () => {
  it('records the start of a cancellation of the whole amount and names the PG call to make', () => {
    const decision = payment
      .given(...completedPayment())
      .when(cancelPayment(), at('2026-12-01T11:00'))
      .then([
        {
          type: 'PaymentCancellationStarted',
          data: {
            paymentId: 'pay-1',
            cancellationId: 'cancel-1',
            pgTransactionId: 'pg-tx-1',
            amountKrw: 3_000,
            startedAt: '2026-12-01T11:00:00.000+09:00',
            completedOn: '2026-12-01',
          },
        },
      ]);
    expect(decision).toEqual(startedAt('2026-12-01T11:00'));
  });

  it('cancels every item at once when the PG agrees', () => {
    const history = [...completedPayment(), cancellationStarted()];
    payment
      .given(...history)
      .when(recordCancellationSuccess('cancel-1'), at('2026-12-01T11:00:02'))
      .then([cancellationSucceeded({ at: '2026-12-01T11:00:02' })]);
    const state = foldPayment([...history, cancellationSucceeded({ at: '2026-12-01T11:00:02' })]);
    expect(state.status).toBe('CANCELLED');
    expect(state.status === 'CANCELLED' && state.items.map(({ itemId }) => itemId)).toEqual([
      'item-1',
      'item-2',
      'item-3',
    ]);
  });

  it('has no partial-cancel command: CancelPayment names no items', () => {
    const partial: PaymentCommand = {
      type: 'CancelPayment',
      // @ts-expect-error there is no partial cancel (R9, FAQ II.5)
      data: { settlementClosed: false, itemIds: ['item-1'] },
    };
    expect(partial.type).toBe('CancelPayment');
  });

  it('treats a CancelPayment that does not say whether the day is settled as a bug', () => {
    payment
      .given(...completedPayment())
      .when(
        { type: 'CancelPayment', data: {} } as unknown as PaymentCommand,
        at('2026-12-01T11:00'),
      )
      .thenThrows(/settlementClosed/);
  });
});

describe('R10 cancellation only on the KST day of completion', () => {
  it('starts it at 23:59:59.999 KST the same day', () => {
    const decision = payment
      .given(...completedPayment())
      .when(cancelPayment(), at('2026-12-01T23:59:59.999'))
      .then([cancellationStarted({ at: '2026-12-01T23:59:59.999' })]);
    expect(decision).toEqual(startedAt('2026-12-01T23:59:59.999'));
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

  it('starts it at 23:59:59 for a payment completed at 00:00:00.000 the same day', () => {
    payment
      .given(requested({ at: '2026-11-30T23:59' }), completed({ at: '2026-12-01T00:00:00.000' }))
      .when(cancelPayment(), at('2026-12-01T23:59:59'))
      .then([cancellationStarted({ at: '2026-12-01T23:59:59' })]);
  });

  it('judges the day in KST even when the clock speaks UTC', () => {
    // 2026-12-01T15:10Z is 00:10 on 2 December in Seoul, though still 1 December in UTC.
    const utcNow = DateTime.fromISO('2026-12-01T15:10:00Z', { zone: 'utc' });
    const decision = decide(cancelPayment(), foldPayment(completedPayment()), {
      ...at('2026-12-01T00:00'),
      now: utcNow,
    });
    expect(decision.refusal).toMatchObject({ reason: 'NOT_SAME_DAY' });
    expect(decision.events).toEqual([]);
  });
});

describe('R11 a payment with any viewed item cannot be cancelled', () => {
  it('refuses with ALREADY_VIEWED and the FAQ II.8 message, starting nothing', () => {
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

describe('R13 cancelling again after the PG refused', () => {
  it('starts a new cancellation, with a new id, on the payment that is COMPLETED again', () => {
    const decision = payment
      .given(...completedPayment(), cancellationStarted(), cancellationFailed())
      .when(cancelPayment(), { ...at('2026-12-01T11:05'), newId: () => 'cancel-2' })
      .then([cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' })]);
    expect(decision).toMatchObject({
      gatewayCancellation: { cancellationId: 'cancel-2', pgTransactionId: 'pg-tx-1' },
    });
  });

  it('starts one on a payment whose failure was recorded before R20 (no cancellation id)', () => {
    payment
      .given(...completedPayment(), cancellationFailed({ cancellationId: null }))
      .when(cancelPayment(), at('2026-12-01T11:05'))
      .then([cancellationStarted({ at: '2026-12-01T11:05' })]);
  });
});

describe('R9–R11 what cannot be cancelled at all', () => {
  it('refuses to cancel a cancelled payment (ALREADY_CANCELLED)', () => {
    payment
      .given(...completedPayment(), cancellationStarted(), cancellationSucceeded())
      .when(cancelPayment(), at('2026-12-01T11:30'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_CANCELLED' });
  });

  it('refuses to cancel a payment cancelled before R20 (ALREADY_CANCELLED)', () => {
    payment
      .given(...completedPayment(), cancelled())
      .when(cancelPayment(), at('2026-12-01T11:30'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'ALREADY_CANCELLED' });
  });

  it('refuses to cancel a payment that is not completed (NOT_COMPLETED)', () => {
    payment
      .given(requested())
      .when(cancelPayment(), at('2026-12-01T10:00:30'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_COMPLETED' });
    payment
      .given(requested(), declined())
      .when(cancelPayment(), at('2026-12-01T10:03'))
      .thenRefused({ code: 'CANCEL_NOT_ALLOWED', reason: 'NOT_COMPLETED' });
  });

  it('refuses to cancel a payment that does not exist', () => {
    payment
      .given()
      .when(cancelPayment(), at('2026-12-01T11:00'))
      .thenRefused({ code: 'PAYMENT_NOT_FOUND' });
  });
});

describe('R20 a second cancel while the first is at the PG joins it', () => {
  const cancelling = (): PaymentEvent[] => [...completedPayment(), cancellationStarted()];

  it('records nothing, calls the PG for nothing, and names the cancellation in flight', () => {
    const decision = payment
      .given(...cancelling())
      .when(cancelPayment(), ctxAt('2026-12-01T11:00:01', { idPrefix: 'other-' }))
      .thenNothingHappens();
    expect(decision).toEqual({ events: [], inFlight: { cancellationId: 'cancel-1' } });
  });

  it('joins it even when the settlement closed meanwhile or the day turned', () => {
    for (const [wallClock, closed] of [
      ['2026-12-01T23:00', true],
      ['2026-12-02T00:00', false],
    ] as const) {
      expect(decide(cancelPayment(closed), foldPayment(cancelling()), at(wallClock))).toEqual({
        events: [],
        inFlight: { cancellationId: 'cancel-1' },
      });
    }
  });

  it('joins the second cancellation, not the failed first one', () => {
    const decision = payment
      .given(
        ...completedPayment(),
        cancellationStarted(),
        cancellationFailed(),
        cancellationStarted({ at: '2026-12-01T11:05', cancellationId: 'cancel-2' }),
      )
      .when(cancelPayment(), at('2026-12-01T11:06'))
      .thenNothingHappens();
    expect(decision).toEqual({ events: [], inFlight: { cancellationId: 'cancel-2' } });
  });

  it('tells the read side CANCEL_IN_PROGRESS', () => {
    expect(cancelBlockedReason(foldPayment(cancelling()), kst('2026-12-01T11:01'), false)).toBe(
      'CANCEL_IN_PROGRESS',
    );
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
      [...completedPayment(), cancellationStarted(), cancellationSucceeded()],
      [...completedPayment(), cancellationStarted(), cancellationFailed()],
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
          expect(decision.events).toHaveLength(reason === null ? 1 : 0);
        }
      }
    }
  });
});
