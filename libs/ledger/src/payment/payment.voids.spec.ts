import { LIMITS } from '@lib/limits';
import { ctxAt, spec } from '../test/decider-spec';
import {
  approvalVoided,
  approvalVoidStarted,
  cancellationStarted,
  cancellationSucceeded,
  completed,
  completePayment,
  declined,
  expired,
  iso,
  lateApprovalReceived,
  needsAttention,
  recordApprovalVoided,
  recordApprovalVoidUnsettled,
  requested,
  startLegacyApprovalVoid,
  transfer,
} from '../test/payment.fixtures';
import { legacyApprovalsToVoid } from './payment.decide-void';
import { paymentDecider } from './payment.decide';
import { ORIGINAL_NOT_CANCELLABLE_MESSAGE } from './payment.errors';
import type { FailureReason, PaymentEvent, PaymentFailed } from './payment.events';
import { foldPayment } from './payment.state';

const payment = spec(paymentDecider);
const at = (wallClock: string) => ctxAt(wallClock);

/** A refused approval's PaymentFailed (R3, R3a, R23): it keeps the PG transaction and amount. */
function refusedApproval(
  reason: Extract<
    FailureReason,
    'AMOUNT_MISMATCH' | 'CERTIFICATE_REQUIRED' | 'ORIGINAL_NOT_CANCELLABLE'
  >,
  message: string,
  approvedAmountKrw: number,
  options: { at?: string; pgTransactionId?: string } = {},
): PaymentFailed {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId: 'pay-1',
      reason,
      code: reason,
      message,
      failedAt: iso(options.at ?? '2026-12-01T10:01'),
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-1',
      approvedAmountKrw,
    },
  };
}

const MISMATCH_MESSAGE = '승인금액(2,000원)이 결제금액(3,000원)과 달라 결제가 실패하였습니다.';
const CERTIFICATE_MESSAGE = '결제금액이 30만원 이상인 경우 공인인증서가 필요합니다.';

/** pay-1 repays the view of item-2 of pay-0: one judgment, 1,000 KRW (R12, R23). */
const repaymentOfPay0 = () =>
  requested({ items: 1, repaymentOf: { paymentId: 'pay-0', itemIds: ['item-2'] } });

/**
 * Approvals refused before R22: the payment failed with the PG transaction of pg-tx-1, and no void
 * was started. Each with the amount approved, the refusal the payer got, and its replay command.
 */
const refusedBeforeR22 = [
  {
    reason: 'AMOUNT_MISMATCH',
    history: () => [requested(), refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000)],
    approvedAmountKrw: 2_000,
    refusal: { code: 'AMOUNT_MISMATCH', amountKrw: 3_000, approvedAmountKrw: 2_000 },
  },
  {
    reason: 'CERTIFICATE_REQUIRED',
    history: () => [
      requested({ items: 300 }),
      refusedApproval('CERTIFICATE_REQUIRED', CERTIFICATE_MESSAGE, 300_000),
    ],
    approvedAmountKrw: 300_000,
    refusal: { code: 'CERTIFICATE_REQUIRED', thresholdKrw: 300_000, message: CERTIFICATE_MESSAGE },
  },
  {
    reason: 'ORIGINAL_NOT_CANCELLABLE',
    history: () => [
      repaymentOfPay0(),
      refusedApproval('ORIGINAL_NOT_CANCELLABLE', ORIGINAL_NOT_CANCELLABLE_MESSAGE, 1_000),
    ],
    approvedAmountKrw: 1_000,
    refusal: { code: 'ORIGINAL_NOT_CANCELLABLE', originalPaymentId: 'pay-0' },
  },
] as const;

/** 3,000 KRW approved as 2,000 KRW at 10:01: failed, and its void started in the same append. */
const mismatched = (): PaymentEvent[] => [
  requested(),
  refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000),
  approvalVoidStarted({
    approvedAmountKrw: 2_000,
    reason: 'AMOUNT_MISMATCH',
    statusAtReceipt: 'REQUESTED',
  }),
];

describe('R22 an approval refused for its amount or certificate is voided in the same append', () => {
  it('fails the payment AND starts the void of a 2,000 KRW approval of a 3,000 KRW payment', () => {
    payment
      .given(requested())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'AMOUNT_MISMATCH', amountKrw: 3_000, approvedAmountKrw: 2_000 }, [
        refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000),
        {
          type: 'PaymentApprovalVoidStarted',
          data: {
            paymentId: 'pay-1',
            pgTransactionId: 'pg-tx-1',
            approvedAmountKrw: 2_000,
            approvedAt: iso('2026-12-01T10:01'),
            reason: 'AMOUNT_MISMATCH',
            statusAtReceipt: 'REQUESTED',
            startedAt: iso('2026-12-01T10:01'),
          },
        },
      ]);
  });

  it('voids an overpayment too', () => {
    payment
      .given(requested())
      .when(completePayment({ approvedAmountKrw: 3_001 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'AMOUNT_MISMATCH', approvedAmountKrw: 3_001 }, [
        refusedApproval(
          'AMOUNT_MISMATCH',
          '승인금액(3,001원)이 결제금액(3,000원)과 달라 결제가 실패하였습니다.',
          3_001,
        ),
        approvalVoidStarted({
          approvedAmountKrw: 3_001,
          reason: 'AMOUNT_MISMATCH',
          statusAtReceipt: 'REQUESTED',
        }),
      ]);
  });

  it('fails AND voids 300,000 KRW approved without the certificate (CERTIFICATE_REQUIRED)', () => {
    payment
      .given(requested({ items: 300 }))
      .when(completePayment({ approvedAmountKrw: 300_000 }), at('2026-12-01T10:01'))
      .thenRefused({ code: 'CERTIFICATE_REQUIRED', thresholdKrw: 300_000 }, [
        refusedApproval('CERTIFICATE_REQUIRED', CERTIFICATE_MESSAGE, 300_000),
        approvalVoidStarted({
          approvedAmountKrw: 300_000,
          reason: 'CERTIFICATE_REQUIRED',
          statusAtReceipt: 'REQUESTED',
        }),
      ]);
  });

  it('voids nothing for 299,000 KRW without the certificate: it completes', () => {
    payment
      .given(requested({ items: 299 }))
      .when(completePayment({ approvedAmountKrw: 299_000 }), at('2026-12-01T10:01'))
      .then([completed({ amountKrw: 299_000 })]);
  });

  it('folds to FAILED with the void started and not yet ended', () => {
    const state = foldPayment(mismatched());
    expect(state.status).toBe('FAILED');
    expect(state.status === 'FAILED' && state.voids).toEqual([
      {
        pgTransactionId: 'pg-tx-1',
        approvedAmountKrw: 2_000,
        approvedAt: iso('2026-12-01T10:01'),
        reason: 'AMOUNT_MISMATCH',
        statusAtReceipt: 'REQUESTED',
        startedAt: iso('2026-12-01T10:01'),
        voidedAt: null,
        pgVoidId: null,
        attention: null,
      },
    ]);
  });
});

describe('R22 an approval for a transfer past its deadline expires it and is voided', () => {
  /** A transfer requested at 10:00: its deadline is 10:15:00.000. */
  const transferAt10 = () => requested({ instrument: transfer() });

  it('completes at 10:14:59.999', () => {
    payment
      .given(transferAt10())
      .when(completePayment({ at: '2026-12-01T10:14:59' }), at('2026-12-01T10:14:59.999'))
      .then([
        {
          ...completed({ at: '2026-12-01T10:14:59.999' }),
          data: {
            ...completed({ at: '2026-12-01T10:14:59.999' }).data,
            approvedAt: iso('2026-12-01T10:14:59'),
          },
        },
      ]);
  });

  it('at 10:15:00.000 records the expiry and the void, and answers NOT_REQUESTED', () => {
    payment
      .given(transferAt10())
      .when(completePayment({ at: '2026-12-01T10:14:59' }), at('2026-12-01T10:15'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        expired('2026-12-01T10:15'),
        approvalVoidStarted({
          at: '2026-12-01T10:15',
          approvedAt: '2026-12-01T10:14:59',
          reason: 'NOT_REQUESTED',
          statusAtReceipt: 'FAILED',
        }),
      ]);
  });

  it('voids an approval arriving after the sweep expired the transfer', () => {
    payment
      .given(transferAt10(), expired('2026-12-01T10:15'))
      .when(completePayment({ at: '2026-12-01T10:16' }), at('2026-12-01T10:16'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        approvalVoidStarted({
          at: '2026-12-01T10:16',
          approvedAt: '2026-12-01T10:16',
          statusAtReceipt: 'FAILED',
        }),
      ]);
  });

  it('answers the same late approval again as the first time, voiding nothing more', () => {
    payment
      .given(
        transferAt10(),
        expired('2026-12-01T10:15'),
        approvalVoidStarted({ at: '2026-12-01T10:15', statusAtReceipt: 'FAILED' }),
      )
      .when(completePayment(), at('2026-12-01T10:20'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' });
  });
});

describe('R22 an approval for a payment that is not REQUESTED is voided', () => {
  it('voids an approval of a declined payment (statusAtReceipt FAILED)', () => {
    payment
      .given(requested(), declined())
      .when(completePayment(), at('2026-12-01T10:04'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        approvalVoidStarted({ at: '2026-12-01T10:04', statusAtReceipt: 'FAILED' }),
      ]);
  });

  it('voids a second approval of a payment that failed for its first', () => {
    payment
      .given(...mismatched())
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T10:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' }, [
        approvalVoidStarted({
          at: '2026-12-01T10:03',
          pgTransactionId: 'pg-tx-2',
          statusAtReceipt: 'FAILED',
        }),
      ]);
  });

  it('voids an approval of a COMPLETED payment under another PG transaction', () => {
    payment
      .given(requested(), completed())
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T10:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' }, [
        approvalVoidStarted({
          at: '2026-12-01T10:03',
          pgTransactionId: 'pg-tx-2',
          statusAtReceipt: 'COMPLETED',
        }),
      ]);
  });

  it('voids an approval of a CANCELLING payment, which stays CANCELLING', () => {
    const history = [requested(), completed(), cancellationStarted()];
    payment
      .given(...history)
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T11:00:01'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLING' }, [
        approvalVoidStarted({
          at: '2026-12-01T11:00:01',
          pgTransactionId: 'pg-tx-2',
          statusAtReceipt: 'CANCELLING',
        }),
      ]);
    const voidOfTx2 = approvalVoidStarted({
      at: '2026-12-01T11:00:01',
      pgTransactionId: 'pg-tx-2',
      statusAtReceipt: 'CANCELLING',
    });
    expect(foldPayment([...history, voidOfTx2]).status).toBe('CANCELLING');
    const state = foldPayment([...history, voidOfTx2, cancellationSucceeded()]);
    expect(state.status === 'CANCELLED' && state.voids.map((v) => v.pgTransactionId)).toEqual([
      'pg-tx-2',
    ]);
  });

  it('voids an approval of a CANCELLED payment under another PG transaction', () => {
    payment
      .given(requested(), completed(), cancellationStarted(), cancellationSucceeded())
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T11:05'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLED' }, [
        approvalVoidStarted({
          at: '2026-12-01T11:05',
          pgTransactionId: 'pg-tx-2',
          statusAtReceipt: 'CANCELLED',
        }),
      ]);
  });
});

describe('R22 the same approval again is a replay: the first answer, nothing voided', () => {
  it('answers AMOUNT_MISMATCH again, with the amounts of the first time', () => {
    payment
      .given(...mismatched())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T10:03'))
      .thenRefused({
        code: 'AMOUNT_MISMATCH',
        amountKrw: 3_000,
        approvedAmountKrw: 2_000,
        message: MISMATCH_MESSAGE,
      });
  });

  it('answers it so after the void ended too', () => {
    payment
      .given(...mismatched(), approvalVoided())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T10:30'))
      .thenRefused({ code: 'AMOUNT_MISMATCH', approvedAmountKrw: 2_000 });
  });

  it('answers CERTIFICATE_REQUIRED again', () => {
    payment
      .given(
        requested({ items: 300 }),
        refusedApproval('CERTIFICATE_REQUIRED', CERTIFICATE_MESSAGE, 300_000),
        approvalVoidStarted({
          approvedAmountKrw: 300_000,
          reason: 'CERTIFICATE_REQUIRED',
          statusAtReceipt: 'REQUESTED',
        }),
      )
      .when(completePayment({ approvedAmountKrw: 300_000 }), at('2026-12-01T10:03'))
      .thenRefused({
        code: 'CERTIFICATE_REQUIRED',
        thresholdKrw: 300_000,
        message: CERTIFICATE_MESSAGE,
      });
  });

  it('answers NOT_REQUESTED with the status the first approval met, even after it changed', () => {
    payment
      .given(
        requested(),
        completed(),
        approvalVoidStarted({
          at: '2026-12-01T10:03',
          pgTransactionId: 'pg-tx-2',
          statusAtReceipt: 'COMPLETED',
        }),
        cancellationStarted(),
        cancellationSucceeded(),
      )
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T11:30'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' });
  });

  it('accepts the same successful approval again with nothing', () => {
    payment
      .given(requested(), completed())
      .when(completePayment(), at('2026-12-01T10:03'))
      .thenNothingHappens();
  });

  it('accepts the approval of a payment since cancelled with nothing (it was taken, then refunded)', () => {
    payment
      .given(requested(), completed(), cancellationStarted(), cancellationSucceeded())
      .when(completePayment(), at('2026-12-01T11:05'))
      .thenNothingHappens();
  });

  it('leaves an approval recorded before R22 to the void process: NOT_REQUESTED, nothing', () => {
    payment
      .given(requested(), completed(), lateApprovalReceived())
      .when(completePayment({ pgTransactionId: 'pg-tx-2' }), at('2026-12-01T10:05'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' });
  });

  it.each(refusedBeforeR22)(
    'answers an approval refused before R22 ($reason) again with its first refusal, voiding nothing',
    ({ history, approvedAmountKrw, refusal }) => {
      payment
        .given(...history())
        .when(completePayment({ approvedAmountKrw }), at('2026-12-01T10:30'))
        .thenRefused(refusal);
    },
  );

  it('answers an approval refused before R22 so after its void was started too', () => {
    payment
      .given(
        requested(),
        refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000),
        approvalVoidStarted({
          at: '2026-12-01T12:00',
          approvedAmountKrw: 2_000,
          reason: 'AMOUNT_MISMATCH',
          statusAtReceipt: 'REQUESTED',
        }),
      )
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T12:30'))
      .thenRefused({ code: 'AMOUNT_MISMATCH', amountKrw: 3_000, approvedAmountKrw: 2_000 });
  });

  // The void is keyed at the PG by pgTransactionId (libs/payments approval-voids.ts), so voiding
  // pg-tx-1 would give back the very charge the ledger keeps as COMPLETED.
  it('never voids the PG transaction of the completion it keeps, whatever amount it claims', () => {
    payment
      .given(requested(), completed())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T10:03'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'COMPLETED' }, []);
    payment
      .given(requested(), completed(), cancellationStarted())
      .when(completePayment({ approvedAmountKrw: 2_000 }), at('2026-12-01T11:00:01'))
      .thenRefused({ code: 'NOT_REQUESTED', status: 'CANCELLING' }, []);
  });
});

describe('R22 the PG voided the approval', () => {
  it('records PaymentApprovalVoided once', () => {
    payment
      .given(...mismatched())
      .when(recordApprovalVoided('pg-tx-1', 'pg-void-1'), at('2026-12-01T10:02'))
      .then([
        {
          type: 'PaymentApprovalVoided',
          data: {
            paymentId: 'pay-1',
            pgTransactionId: 'pg-tx-1',
            pgVoidId: 'pg-void-1',
            voidedAt: iso('2026-12-01T10:02'),
          },
        },
      ]);
  });

  it('records nothing when the same answer arrives again', () => {
    payment
      .given(...mismatched(), approvalVoided())
      .when(recordApprovalVoided('pg-tx-1', 'pg-void-1'), at('2026-12-01T10:03'))
      .thenNothingHappens();
  });

  it('records it after the void was handed to support', () => {
    payment
      .given(...mismatched(), needsAttention({ subject: 'VOID', reference: 'pg-tx-1' }))
      .when(recordApprovalVoided(), at('2026-12-01T11:30'))
      .then([approvalVoided({ at: '2026-12-01T11:30' })]);
  });

  it('folds the void as ended, with the PG void id', () => {
    const state = foldPayment([...mismatched(), approvalVoided()]);
    expect(state.status === 'FAILED' && state.voids[0]).toMatchObject({
      voidedAt: iso('2026-12-01T10:02'),
      pgVoidId: 'pg-void-1',
    });
  });

  it('treats the answer for a void that never started as a bug', () => {
    payment
      .given(...mismatched())
      .when(recordApprovalVoided('pg-tx-9'), at('2026-12-01T10:02'))
      .thenThrows(/pg-tx-9.*never started/);
    payment
      .given(requested())
      .when(recordApprovalVoided(), at('2026-12-01T10:02'))
      .thenThrows(/never started/);
  });
});

describe(`R22 a void the PG refuses or leaves unanswered needs a person after ${LIMITS.reconcile.attentionAfterMinutes} minutes`, () => {
  // mismatched(): the void started at 10:01.
  it('records nothing at 9:59.999 after the void started', () => {
    payment
      .given(...mismatched())
      .when(
        recordApprovalVoidUnsettled('pg-tx-1', 'V001', '취소 불가'),
        at('2026-12-01T10:10:59.999'),
      )
      .thenNothingHappens();
  });

  it('records PaymentNeedsAttention (VOID_REFUSED, with the PG code) at 10:00', () => {
    payment
      .given(...mismatched())
      .when(recordApprovalVoidUnsettled('pg-tx-1', 'V001', '취소 불가'), at('2026-12-01T10:11'))
      .then([
        {
          type: 'PaymentNeedsAttention',
          data: {
            paymentId: 'pay-1',
            subject: 'VOID',
            reference: 'pg-tx-1',
            reason: 'VOID_REFUSED',
            pgCode: 'V001',
            pgMessage: '취소 불가',
            since: iso('2026-12-01T10:11'),
          },
        },
      ]);
  });

  it('says PG_UNANSWERED when the PG gave no code', () => {
    payment
      .given(...mismatched())
      .when(recordApprovalVoidUnsettled('pg-tx-1', null, 'timeout'), at('2026-12-01T10:11'))
      .then([
        needsAttention({
          at: '2026-12-01T10:11',
          subject: 'VOID',
          reference: 'pg-tx-1',
          reason: 'PG_UNANSWERED',
          pgMessage: 'timeout',
        }),
      ]);
  });

  it('records the attention once: nothing more afterwards', () => {
    payment
      .given(
        ...mismatched(),
        needsAttention({ at: '2026-12-01T10:11', subject: 'VOID', reference: 'pg-tx-1' }),
      )
      .when(recordApprovalVoidUnsettled('pg-tx-1', 'V001', '취소 불가'), at('2026-12-01T10:20'))
      .thenNothingHappens();
  });

  it('records nothing for a void that has ended', () => {
    payment
      .given(...mismatched(), approvalVoided())
      .when(recordApprovalVoidUnsettled(), at('2026-12-01T10:20'))
      .thenNothingHappens();
  });

  it('measures from the start of that void, not of the payment', () => {
    const history = [
      requested(),
      completed(),
      approvalVoidStarted({
        at: '2026-12-01T10:30',
        pgTransactionId: 'pg-tx-2',
        statusAtReceipt: 'COMPLETED',
      }),
    ];
    payment
      .given(...history)
      .when(recordApprovalVoidUnsettled('pg-tx-2'), at('2026-12-01T10:39:59.999'))
      .thenNothingHappens();
    payment
      .given(...history)
      .when(recordApprovalVoidUnsettled('pg-tx-2'), at('2026-12-01T10:40'))
      .then([
        needsAttention({
          at: '2026-12-01T10:40',
          subject: 'VOID',
          reference: 'pg-tx-2',
          pgMessage: null,
        }),
      ]);
  });

  it('folds the attention onto the void', () => {
    const state = foldPayment([
      ...mismatched(),
      needsAttention({
        subject: 'VOID',
        reference: 'pg-tx-1',
        reason: 'VOID_REFUSED',
        pgCode: 'V001',
      }),
    ]);
    expect(state.status === 'FAILED' && state.voids[0]?.attention).toEqual({
      reason: 'VOID_REFUSED',
      pgCode: 'V001',
      pgMessage: 'PG timed out',
      since: iso('2026-12-01T11:10'),
    });
  });

  it('treats an unsettled answer for a void that never started as a bug', () => {
    payment
      .given(...mismatched())
      .when(recordApprovalVoidUnsettled('pg-tx-9'), at('2026-12-01T10:20'))
      .thenThrows(/never started/);
  });
});

describe('R22 approvals recorded before voids existed are voided once', () => {
  it('starts the void of a LatePaymentApprovalReceived (reason NOT_REQUESTED)', () => {
    payment
      .given(requested(), completed(), lateApprovalReceived())
      .when(startLegacyApprovalVoid('pg-tx-2'), at('2026-12-01T12:00'))
      .then([
        {
          type: 'PaymentApprovalVoidStarted',
          data: {
            paymentId: 'pay-1',
            pgTransactionId: 'pg-tx-2',
            approvedAmountKrw: 3_000,
            approvedAt: iso('2026-12-01T10:03'),
            reason: 'NOT_REQUESTED',
            statusAtReceipt: 'COMPLETED',
            startedAt: iso('2026-12-01T12:00'),
          },
        },
      ]);
  });

  it('starts the void of an approval a declined payment got before R22', () => {
    payment
      .given(
        requested(),
        declined(),
        lateApprovalReceived({ at: '2026-12-01T10:04', statusAtReceipt: 'FAILED' }),
      )
      .when(startLegacyApprovalVoid('pg-tx-2'), at('2026-12-01T12:00'))
      .then([
        approvalVoidStarted({
          at: '2026-12-01T12:00',
          pgTransactionId: 'pg-tx-2',
          approvedAt: '2026-12-01T10:03',
          statusAtReceipt: 'FAILED',
        }),
      ]);
  });

  it('starts the void of a late approval with the status it arrived at, not the status now', () => {
    payment
      .given(
        requested(),
        completed(),
        lateApprovalReceived({ statusAtReceipt: 'COMPLETED' }),
        cancellationStarted(),
        cancellationSucceeded(),
      )
      .when(startLegacyApprovalVoid('pg-tx-2'), at('2026-12-01T12:00'))
      .then([
        approvalVoidStarted({
          at: '2026-12-01T12:00',
          pgTransactionId: 'pg-tx-2',
          approvedAt: '2026-12-01T10:03',
          reason: 'NOT_REQUESTED',
          statusAtReceipt: 'COMPLETED',
        }),
      ]);
  });

  it.each(refusedBeforeR22)(
    'starts the void of the PG transaction of an approval refused before R22 as $reason, received while REQUESTED',
    ({ reason, history, approvedAmountKrw }) => {
      payment
        .given(...history())
        .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:00'))
        .then([
          approvalVoidStarted({
            at: '2026-12-01T12:00',
            pgTransactionId: 'pg-tx-1',
            approvedAmountKrw,
            approvedAt: '2026-12-01T10:01', // the failure's instant: the PG's was not recorded
            reason,
            statusAtReceipt: 'REQUESTED',
          }),
        ]);
    },
  );

  it.each<FailureReason>(['DECLINED', 'EXPIRED'])(
    'starts the void of a PG transaction a %s failure kept with reason NOT_REQUESTED',
    (reason) => {
      const failure = refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 3_000);
      const kept: PaymentFailed = { ...failure, data: { ...failure.data, reason, code: reason } };
      payment
        .given(requested(), kept)
        .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:00'))
        .then([
          approvalVoidStarted({
            at: '2026-12-01T12:00',
            pgTransactionId: 'pg-tx-1',
            approvedAt: '2026-12-01T10:01',
            reason: 'NOT_REQUESTED',
            statusAtReceipt: 'REQUESTED',
          }),
        ]);
      payment
        .given(requested(), kept)
        .when(completePayment(), at('2026-12-01T12:00'))
        .thenRefused({ code: 'NOT_REQUESTED', status: 'FAILED' });
    },
  );

  it('starts the void of an approval refused before R22 only once', () => {
    payment
      .given(
        requested(),
        refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000),
        approvalVoidStarted({
          at: '2026-12-01T12:00',
          approvedAmountKrw: 2_000,
          reason: 'AMOUNT_MISMATCH',
          statusAtReceipt: 'REQUESTED',
        }),
      )
      .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:01'))
      .thenNothingHappens();
  });

  it('starts it only once', () => {
    const history = [
      requested(),
      completed(),
      lateApprovalReceived(),
      approvalVoidStarted({
        at: '2026-12-01T12:00',
        pgTransactionId: 'pg-tx-2',
        statusAtReceipt: 'COMPLETED',
      }),
    ];
    payment
      .given(...history)
      .when(startLegacyApprovalVoid('pg-tx-2'), at('2026-12-01T12:01'))
      .thenNothingHappens();
    expect(legacyApprovalsToVoid(foldPayment(history))).toEqual([]);
  });

  it('starts nothing for an approval refused after R22 (its void started with the refusal)', () => {
    payment
      .given(...mismatched())
      .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:00'))
      .thenNothingHappens();
  });

  it('starts nothing for a PG transaction the payment never refused', () => {
    payment
      .given(requested(), completed())
      .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:00'))
      .thenNothingHappens();
    payment
      .given(requested(), completed(), lateApprovalReceived())
      .when(startLegacyApprovalVoid('pg-tx-9'), at('2026-12-01T12:00'))
      .thenNothingHappens();
    payment
      .given(requested())
      .when(startLegacyApprovalVoid('pg-tx-1'), at('2026-12-01T12:00'))
      .thenNothingHappens();
  });

  it('lists the approvals still to void, each once', () => {
    const state = foldPayment([
      requested(),
      completed(),
      lateApprovalReceived({ pgTransactionId: 'pg-tx-2' }),
      lateApprovalReceived({ pgTransactionId: 'pg-tx-3', approvedAmountKrw: 1_000 }),
      lateApprovalReceived({
        pgTransactionId: 'pg-tx-3',
        approvedAmountKrw: 1_000,
        at: '2026-12-01T10:09',
      }),
      approvalVoidStarted({
        at: '2026-12-01T12:00',
        pgTransactionId: 'pg-tx-2',
        statusAtReceipt: 'COMPLETED',
      }),
    ]);
    expect(legacyApprovalsToVoid(state)).toEqual([
      {
        pgTransactionId: 'pg-tx-3',
        approvedAmountKrw: 1_000,
        approvedAt: iso('2026-12-01T10:03'),
        statusAtReceipt: 'COMPLETED',
        reason: 'NOT_REQUESTED',
      },
    ]);
  });

  it('lists a refused approval of a failed payment, and nothing for a decline or an expiry', () => {
    expect(
      legacyApprovalsToVoid(
        foldPayment([requested(), refusedApproval('AMOUNT_MISMATCH', MISMATCH_MESSAGE, 2_000)]),
      ),
    ).toEqual([
      {
        pgTransactionId: 'pg-tx-1',
        approvedAmountKrw: 2_000,
        approvedAt: iso('2026-12-01T10:01'),
        statusAtReceipt: 'REQUESTED',
        reason: 'AMOUNT_MISMATCH',
      },
    ]);
    expect(legacyApprovalsToVoid(foldPayment([requested(), declined()]))).toEqual([]);
    expect(
      legacyApprovalsToVoid(
        foldPayment([requested({ instrument: transfer() }), expired('2026-12-01T10:15')]),
      ),
    ).toEqual([]);
    expect(legacyApprovalsToVoid(foldPayment([]))).toEqual([]);
    expect(legacyApprovalsToVoid(foldPayment([requested()]))).toEqual([]);
  });
});

describe('R22 evolve: an approval is voided at most once', () => {
  it('refuses to fold a second void of the same PG transaction', () => {
    expect(() =>
      foldPayment([...mismatched(), approvalVoidStarted({ at: '2026-12-01T10:05' })]),
    ).toThrow(/voided twice/);
  });

  it('refuses to fold a void ending twice, or ending before it started', () => {
    expect(() =>
      foldPayment([...mismatched(), approvalVoided(), approvalVoided({ at: '2026-12-01T10:03' })]),
    ).toThrow(/voided twice/);
    expect(() => foldPayment([requested(), completed(), approvalVoided()])).toThrow(
      /never started/,
    );
  });

  it('refuses to fold a void of a payment still REQUESTED', () => {
    expect(() => foldPayment([requested(), approvalVoidStarted()])).toThrow(/REQUESTED payment/);
  });
});

describe('R23 a repayment whose original can no longer be cancelled is failed and voided', () => {
  const repayment = repaymentOfPay0;
  const approval = (originalCancellable?: boolean) =>
    completePayment({
      approvedAmountKrw: 1_000,
      ...(originalCancellable === undefined ? {} : { originalCancellable }),
    });

  it('fails it (ORIGINAL_NOT_CANCELLABLE), starts its void, and moves no views', () => {
    payment
      .given(repayment())
      .when(approval(false), at('2026-12-01T10:01'))
      .thenRefused({ code: 'ORIGINAL_NOT_CANCELLABLE', originalPaymentId: 'pay-0' }, [
        refusedApproval('ORIGINAL_NOT_CANCELLABLE', ORIGINAL_NOT_CANCELLABLE_MESSAGE, 1_000),
        approvalVoidStarted({
          approvedAmountKrw: 1_000,
          reason: 'ORIGINAL_NOT_CANCELLABLE',
          statusAtReceipt: 'REQUESTED',
        }),
      ]);
  });

  it('folds to FAILED with failure reason ORIGINAL_NOT_CANCELLABLE', () => {
    const state = foldPayment([
      repayment(),
      refusedApproval('ORIGINAL_NOT_CANCELLABLE', ORIGINAL_NOT_CANCELLABLE_MESSAGE, 1_000),
    ]);
    expect(state.status === 'FAILED' && state.failure.reason).toBe('ORIGINAL_NOT_CANCELLABLE');
  });

  it('completes it, carrying the views, while the original can be cancelled', () => {
    payment
      .given(repayment())
      .when(approval(true), at('2026-12-01T10:01'))
      .then([
        completed({ amountKrw: 1_000 }),
        {
          type: 'JudgmentViewed',
          data: {
            paymentId: 'pay-1',
            itemId: 'item-1',
            viewedAt: iso('2026-12-01T10:01'),
            transferredFrom: { paymentId: 'pay-0', itemId: 'item-2' },
          },
        },
      ]);
  });

  it('treats a repayment approval that does not say whether the original can be cancelled as a bug', () => {
    payment
      .given(repayment())
      .when(approval(), at('2026-12-01T10:01'))
      .thenThrows(/original can be cancelled/);
  });

  it('answers the same approval again with ORIGINAL_NOT_CANCELLABLE, voiding nothing more', () => {
    payment
      .given(
        repayment(),
        refusedApproval('ORIGINAL_NOT_CANCELLABLE', ORIGINAL_NOT_CANCELLABLE_MESSAGE, 1_000),
        approvalVoidStarted({
          approvedAmountKrw: 1_000,
          reason: 'ORIGINAL_NOT_CANCELLABLE',
          statusAtReceipt: 'REQUESTED',
        }),
      )
      .when(approval(), at('2026-12-01T10:03'))
      .thenRefused({ code: 'ORIGINAL_NOT_CANCELLABLE', originalPaymentId: 'pay-0' });
  });

  it('does not ask an ordinary payment whether an original can be cancelled', () => {
    payment.given(requested()).when(completePayment(), at('2026-12-01T10:01')).then([completed()]);
  });
});
