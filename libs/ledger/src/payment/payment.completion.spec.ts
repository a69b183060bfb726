import { ctxAt, spec } from '../test/decider-spec';
import {
  approvalVoidStarted,
  completed,
  completePayment,
  declined,
  expired,
  iso,
  requested,
  transfer,
  cancelled,
} from '../test/payment.fixtures';
import { paymentDecider } from './payment.decide';
import type { PaymentEvent } from './payment.events';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock);

/** 300 judgments at 1,000 KRW: exactly the FAQ's 30만원. */
const ofThreeHundredThousand = () => requested({ items: 300 });
const ofTwoHundredNinetyNineThousand = () => requested({ items: 299 });

function certificateFailure(amountKrw: number, pgTransactionId = 'pg-tx-1'): PaymentEvent {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId: 'pay-1',
      reason: 'CERTIFICATE_REQUIRED',
      code: 'CERTIFICATE_REQUIRED',
      message: '결제금액이 30만원 이상인 경우 공인인증서가 필요합니다.',
      failedAt: iso('2026-12-01T10:01'),
      pgTransactionId,
      approvedAmountKrw: amountKrw,
    },
  };
}

/** R22: the void of a refused approval, started in the same append as its refusal. */
function voidOfRefused(
  reason: 'AMOUNT_MISMATCH' | 'CERTIFICATE_REQUIRED',
  approvedAmountKrw: number,
): PaymentEvent {
  return approvalVoidStarted({ approvedAmountKrw, reason, statusAtReceipt: 'REQUESTED' });
}

describe('R3 a card payment of 300,000 KRW or more completes only with certificate verification', () => {
  it('refuses exactly 300,000 KRW without the certificate, fails the payment and voids the approval (R22)', () => {
    payment
      .given(ofThreeHundredThousand())
      .when(completePayment({ approvedAmountKrw: 300_000 }), at('2026-12-01T10:01'))
      .thenRefused(
        {
          code: 'CERTIFICATE_REQUIRED',
          thresholdKrw: 300_000,
          message: '결제금액이 30만원 이상인 경우 공인인증서가 필요합니다.',
        },
        [certificateFailure(300_000), voidOfRefused('CERTIFICATE_REQUIRED', 300_000)],
      );
  });

  it('completes exactly 300,000 KRW with the certificate', () => {
    payment
      .given(ofThreeHundredThousand())
      .when(
        completePayment({ approvedAmountKrw: 300_000, certificateVerified: true }),
        at('2026-12-01T10:01'),
      )
      .then([completed({ amountKrw: 300_000, certificateVerified: true })]);
  });

  it('completes 299,000 KRW without the certificate', () => {
    payment
      .given(ofTwoHundredNinetyNineThousand())
      .when(completePayment({ approvedAmountKrw: 299_000 }), at('2026-12-01T10:01'))
      .then([completed({ amountKrw: 299_000 })]);
  });

  it('leaves the failed payment FAILED with reason CERTIFICATE_REQUIRED', () => {
    const state = payment.given(ofThreeHundredThousand(), certificateFailure(300_000)).state();
    expect(state.status === 'FAILED' && state.failure.reason).toBe('CERTIFICATE_REQUIRED');
  });

  it('does not ask a bank transfer for the certificate by default', () => {
    payment
      .given(requested({ items: 300, instrument: transfer() }))
      .when(completePayment({ approvedAmountKrw: 300_000 }), at('2026-12-01T10:01'))
      .then([completed({ amountKrw: 300_000 })]);
  });

  it('takes the threshold per method from the policy (cards dropped, transfers kept)', () => {
    const policy = { certificateThresholdKrw: { CARD: null, BANK_TRANSFER: 100_000 } };
    const ctx = ctxAt('2026-12-01T10:01', { policy });
    payment
      .given(ofThreeHundredThousand())
      .when(completePayment({ approvedAmountKrw: 300_000 }), ctx)
      .then([completed({ amountKrw: 300_000 })]);
    const refusal = payment
      .given(requested({ items: 100, instrument: transfer() }))
      .when(completePayment({ approvedAmountKrw: 100_000 }), ctx)
      .thenRefused({ code: 'CERTIFICATE_REQUIRED', thresholdKrw: 100_000 }, [
        expect.objectContaining({
          type: 'PaymentFailed',
          data: expect.objectContaining({ reason: 'CERTIFICATE_REQUIRED' }),
        }),
        voidOfRefused('CERTIFICATE_REQUIRED', 100_000),
      ] as PaymentEvent[]);
    expect(refusal.message).toBe('결제금액이 10만원 이상인 경우 공인인증서가 필요합니다.');
  });
});

describe('R3a an approval for another amount is refused, fails the payment and is voided (R22)', () => {
  it('refuses 2,000 KRW approved for a 3,000 KRW payment, recording the PG transaction and starting its void', () => {
    payment
      .given(requested())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'AMOUNT_MISMATCH', amountKrw: 3_000, approvedAmountKrw: 2_000 }, [
        {
          type: 'PaymentFailed',
          data: {
            paymentId: 'pay-1',
            reason: 'AMOUNT_MISMATCH',
            code: 'AMOUNT_MISMATCH',
            message: '승인금액(2,000원)이 결제금액(3,000원)과 달라 결제가 실패하였습니다.',
            failedAt: iso('2026-12-01T10:01'),
            pgTransactionId: 'pg-tx-1',
            approvedAmountKrw: 2_000,
          },
        },
        voidOfRefused('AMOUNT_MISMATCH', 2_000),
      ]);
  });

  it('refuses an overpayment too, and voids it', () => {
    payment
      .given(requested())
      .when(completePayment({ approvedAmountKrw: 3_001 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'AMOUNT_MISMATCH' }, [
        expect.objectContaining({
          type: 'PaymentFailed',
          data: expect.objectContaining({ reason: 'AMOUNT_MISMATCH', approvedAmountKrw: 3_001 }),
        }),
        voidOfRefused('AMOUNT_MISMATCH', 3_001),
      ] as PaymentEvent[]);
  });

  it('checks the amount before the certificate', () => {
    payment
      .given(ofThreeHundredThousand())
      .when(completePayment({ approvedAmountKrw: 1 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'AMOUNT_MISMATCH' }, [
        expect.objectContaining({
          type: 'PaymentFailed',
          data: expect.objectContaining({ reason: 'AMOUNT_MISMATCH' }),
        }),
        voidOfRefused('AMOUNT_MISMATCH', 1),
      ] as PaymentEvent[]);
  });

  it.each([
    [{ approvedAmountKrw: 3_000.5 }, 'approvedAmountKrw'],
    [{ approvedAmountKrw: -3_000 }, 'approvedAmountKrw'],
    [{ pgTransactionId: ' ' }, 'pgTransactionId'],
    [{ approvedAt: '2026-12-01T10:01:00' }, 'approvedAt'],
    [{ approvedAt: 'yesterday' }, 'approvedAt'],
  ])('refuses a malformed PG approval %p without failing the payment', (data, field) => {
    payment
      .given(requested())
      .when(completePayment(data), at('2026-12-01T10:01'))
      .thenRefused({ code: 'VALIDATION_FAILED', field, reason: 'INVALID_GATEWAY_RESULT' });
  });
});

describe('R4 only a REQUESTED payment completes; completion is recorded once', () => {
  it('completes a REQUESTED payment (결제완료)', () => {
    payment.given(requested()).when(completePayment(), at('2026-12-01T10:01')).then([completed()]);
  });

  it('keeps the PG approval instant and the ledger completion instant apart', () => {
    payment
      .given(requested())
      .when(completePayment({ at: '2026-12-01T10:00:58' }), at('2026-12-01T10:01'))
      .then([
        {
          ...completed(),
          data: { ...completed().data, approvedAt: iso('2026-12-01T10:00:58') },
        },
      ]);
  });

  it('normalises the PG instant to KST', () => {
    const { events } = payment
      .given(requested())
      .when(completePayment({ approvedAt: '2026-12-01T01:01:00Z' }), at('2026-12-01T10:01'))
      .decision();
    expect(events[0]?.type === 'PaymentCompleted' && events[0].data.approvedAt).toBe(
      '2026-12-01T10:01:00.000+09:00',
    );
  });

  it('answers the same approval again with nothing new (a PG retry)', () => {
    payment
      .given(requested(), completed())
      .when(completePayment(), at('2026-12-01T10:03'))
      .thenNothingHappens();
  });

  it('refuses a second, different approval of a completed payment and starts its void (R22)', () => {
    payment
      .given(requested(), completed())
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T10:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' }, [
        {
          type: 'PaymentApprovalVoidStarted',
          data: {
            paymentId: 'pay-1',
            pgTransactionId: 'pg-tx-2',
            approvedAmountKrw: 3_000,
            approvedAt: iso('2026-12-01T10:01'),
            reason: 'NOT_REQUESTED',
            statusAtReceipt: 'COMPLETED',
            startedAt: iso('2026-12-01T10:03'),
          },
        },
      ]);
  });

  it('refuses an approval of a declined payment, starts its void once, then only refuses', () => {
    const voidStarted = approvalVoidStarted({ at: '2026-12-01T10:04', statusAtReceipt: 'FAILED' });
    payment
      .given(requested(), declined())
      .when(completePayment(), at('2026-12-01T10:04'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [voidStarted]);
    payment
      .given(requested(), declined(), voidStarted)
      .when(completePayment(), at('2026-12-01T10:05'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, []);
  });

  it('answers the original approval repeated after a cancellation as the first time, adding nothing', () => {
    payment
      .given(requested(), completed(), cancelled())
      .when(completePayment(), at('2026-12-01T11:05'))
      .thenNothingHappens();
    // The same PG transaction claiming another amount is refused, but never voided: the charge
    // it names is the completion, already refunded by the cancellation.
    payment
      .given(requested(), completed(), cancelled())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T11:05'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLED' }, []);
  });

  it('refuses an approval of an expired transfer (NOT_REQUESTED) and starts its void (R22)', () => {
    payment
      .given(requested({ instrument: transfer() }), expired('2026-12-01T10:15'))
      .when(completePayment({ at: '2026-12-01T10:16' }), at('2026-12-01T10:16'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        approvalVoidStarted({
          at: '2026-12-01T10:16',
          approvedAt: '2026-12-01T10:16',
          reason: 'NOT_REQUESTED',
          statusAtReceipt: 'FAILED',
        }),
      ]);
  });
});
