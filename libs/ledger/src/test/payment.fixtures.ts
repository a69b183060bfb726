/**
 * Events and commands of the payment tests, with the defaults of one ordinary case: member m-1001
 * pays for judgments at 서울중앙지방법원 on 2026-12-01 (KST). Item ids are `item-1`, `item-2`, …,
 * as `ctxAt` generates them.
 */
import { isoInstant, businessDate } from '../business-time';
import type { GuestPayer, Payer } from '../payer';
import { authSchemeOf, type BankCode, type CardIssuer } from '../payment-methods';
import type {
  CancelPayment,
  CompletePayment,
  PaymentItemInput,
  RecordApprovalVoided,
  RecordApprovalVoidUnsettled,
  RecordCancellationFailure,
  RecordCancellationSuccess,
  RecordCancellationUnanswered,
  RequestPayment,
  StartLegacyApprovalVoid,
} from '../payment/payment.commands';
import type {
  JudgmentViewed,
  LatePaymentApprovalReceived,
  PaymentApprovalVoided,
  PaymentApprovalVoidStarted,
  PaymentCancellationFailed,
  PaymentCancellationStarted,
  PaymentCancelled,
  PaymentCompleted,
  PaymentFailed,
  PaymentInstrument,
  PaymentNeedsAttention,
  PaymentRequested,
  RepaymentOf,
  VoidReason,
} from '../payment/payment.events';
import { kst } from './decider-spec';

export const PAYMENT_ID = 'pay-1';
export const MEMBER: Payer = { type: 'MEMBER', memberId: 'm-1001' };
export const GUEST: GuestPayer = {
  type: 'GUEST',
  verificationId: 'ver-7f3a',
  phoneKey: 'hmac-sha256:3b1f0c9e',
  passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
};

/** `n` distinct judgments: 2024가합1, 2024가합2, … at 서울중앙지방법원. */
export function judgments(n: number): PaymentItemInput[] {
  return Array.from({ length: n }, (_, i) => ({
    court: '서울중앙지방법원',
    caseNumber: `2024가합${i + 1}`,
  }));
}

export function card(cardIssuer: CardIssuer = 'SHINHAN'): PaymentInstrument {
  return { method: 'CARD', cardIssuer, authScheme: authSchemeOf(cardIssuer) };
}

export function transfer(bankCode: BankCode = '004'): PaymentInstrument {
  return { method: 'BANK_TRANSFER', bankCode };
}

export function iso(wallClock: string): string {
  return isoInstant(kst(wallClock));
}

export function requested(
  options: {
    at?: string;
    paymentId?: string;
    payer?: Payer;
    instrument?: PaymentInstrument;
    items?: number;
    feeKrw?: number;
    windowMinutes?: number;
    repaymentOf?: RepaymentOf | null;
  } = {},
): PaymentRequested {
  const at = kst(options.at ?? '2026-12-01T10:00');
  const instrument = options.instrument ?? card();
  const feeKrw = options.feeKrw ?? 1_000;
  const items = judgments(options.items ?? 3).map((item, i) => ({
    itemId: `item-${i + 1}`,
    ...item,
    feeKrw,
  }));
  return {
    type: 'PaymentRequested',
    data: {
      paymentId: options.paymentId ?? PAYMENT_ID,
      payer: options.payer ?? MEMBER,
      instrument,
      items,
      amountKrw: feeKrw * items.length,
      currency: 'KRW',
      requestedAt: isoInstant(at),
      expiresAt:
        instrument.method === 'BANK_TRANSFER'
          ? isoInstant(at.plus({ minutes: options.windowMinutes ?? 15 }))
          : null,
      repaymentOf: options.repaymentOf ?? null,
    },
  };
}

export function completed(
  options: {
    at?: string;
    paymentId?: string;
    amountKrw?: number;
    pgTransactionId?: string;
    certificateVerified?: boolean;
  } = {},
): PaymentCompleted {
  const at = kst(options.at ?? '2026-12-01T10:01');
  return {
    type: 'PaymentCompleted',
    data: {
      paymentId: options.paymentId ?? PAYMENT_ID,
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-1',
      amountKrw: options.amountKrw ?? 3_000,
      approvedAt: isoInstant(at),
      certificateVerified: options.certificateVerified ?? false,
      completedAt: isoInstant(at),
      completedOn: businessDate(at),
    },
  };
}

export function viewed(
  itemId: string,
  options: {
    at?: string;
    paymentId?: string;
    transferredFrom?: JudgmentViewed['data']['transferredFrom'];
  } = {},
): JudgmentViewed {
  return {
    type: 'JudgmentViewed',
    data: {
      paymentId: options.paymentId ?? PAYMENT_ID,
      itemId,
      viewedAt: iso(options.at ?? '2026-12-01T10:05'),
      transferredFrom: options.transferredFrom ?? null,
    },
  };
}

export function declined(
  options: { at?: string; code?: string; message?: string } = {},
): PaymentFailed {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId: PAYMENT_ID,
      reason: 'DECLINED',
      code: options.code ?? 'P001',
      message: options.message ?? '잔액이 부족합니다.',
      failedAt: iso(options.at ?? '2026-12-01T10:02'),
      pgTransactionId: null,
      approvedAmountKrw: null,
    },
  };
}

export function expired(at: string, paymentId = PAYMENT_ID): PaymentFailed {
  return {
    type: 'PaymentFailed',
    data: {
      paymentId,
      reason: 'EXPIRED',
      code: 'EXPIRED',
      message: '계좌이체결제가 실패하였습니다.',
      failedAt: iso(at),
      pgTransactionId: null,
      approvedAmountKrw: null,
    },
  };
}

export function cancelled(
  options: { at?: string; amountKrw?: number; completedOn?: string } = {},
): PaymentCancelled {
  return {
    type: 'PaymentCancelled',
    data: {
      paymentId: PAYMENT_ID,
      amountKrw: options.amountKrw ?? 3_000,
      cancelledAt: iso(options.at ?? '2026-12-01T11:00'),
      completedOn: options.completedOn ?? '2026-12-01',
      pgCancelTransactionId: null,
    },
  };
}

export function requestPayment(data: Partial<RequestPayment['data']> = {}): RequestPayment {
  return {
    type: 'RequestPayment',
    data: {
      paymentId: PAYMENT_ID,
      payer: MEMBER,
      method: 'CARD',
      cardIssuer: 'SHINHAN',
      items: judgments(3),
      ...data,
    },
  };
}

export function requestTransfer(data: Partial<RequestPayment['data']> = {}): RequestPayment {
  return requestPayment({ method: 'BANK_TRANSFER', cardIssuer: null, bankCode: '004', ...data });
}

export function completePayment(
  data: Partial<CompletePayment['data']> & { at?: string } = {},
): CompletePayment {
  const { at, ...rest } = data;
  return {
    type: 'CompletePayment',
    data: {
      pgTransactionId: 'pg-tx-1',
      approvedAmountKrw: 3_000,
      approvedAt: iso(at ?? '2026-12-01T10:01'),
      certificateVerified: false,
      ...rest,
    },
  };
}

export function cancelPayment(settlementClosed = false): CancelPayment {
  return { type: 'CancelPayment', data: { settlementClosed } };
}

// R20, R21: cancellation as a process around the PG call. The cancellation id is `cancel-1` unless
// told (as `ctxAt(…, { idPrefix: 'cancel-' })` generates it).

export function cancellationStarted(
  options: {
    at?: string;
    cancellationId?: string;
    paymentId?: string;
    pgTransactionId?: string;
    amountKrw?: number;
    completedOn?: string;
  } = {},
): PaymentCancellationStarted {
  return {
    type: 'PaymentCancellationStarted',
    data: {
      paymentId: options.paymentId ?? PAYMENT_ID,
      cancellationId: options.cancellationId ?? 'cancel-1',
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-1',
      amountKrw: options.amountKrw ?? 3_000,
      startedAt: iso(options.at ?? '2026-12-01T11:00'),
      completedOn: options.completedOn ?? '2026-12-01',
    },
  };
}

/** PaymentCancelled that ends the cancellation `cancellationId` (R20); `cancelled()` is pre-R20. */
export function cancellationSucceeded(
  options: {
    at?: string;
    cancellationId?: string;
    amountKrw?: number;
    completedOn?: string;
    pgCancelTransactionId?: string | null;
  } = {},
): PaymentCancelled {
  return {
    type: 'PaymentCancelled',
    data: {
      paymentId: PAYMENT_ID,
      cancellationId: options.cancellationId ?? 'cancel-1',
      amountKrw: options.amountKrw ?? 3_000,
      cancelledAt: iso(options.at ?? '2026-12-01T11:00'),
      completedOn: options.completedOn ?? '2026-12-01',
      pgCancelTransactionId: options.pgCancelTransactionId ?? null,
    },
  };
}

/**
 * PaymentCancellationFailed (R13) of the cancellation `cancellationId`; with `cancellationId: null`,
 * a failure recorded before R20 (no id).
 */
export function cancellationFailed(
  options: {
    at?: string;
    cancellationId?: string | null;
    pgCode?: string;
    pgMessage?: string;
  } = {},
): PaymentCancellationFailed {
  const cancellationId = options.cancellationId === undefined ? 'cancel-1' : options.cancellationId;
  return {
    type: 'PaymentCancellationFailed',
    data: {
      paymentId: PAYMENT_ID,
      ...(cancellationId === null ? {} : { cancellationId }),
      pgCode: options.pgCode ?? 'C001',
      pgMessage: options.pgMessage ?? '취소 거절',
      failedAt: iso(options.at ?? '2026-12-01T11:00'),
    },
  };
}

export function recordCancellationSuccess(
  cancellationId = 'cancel-1',
  pgCancelTransactionId: string | null = null,
): RecordCancellationSuccess {
  return { type: 'RecordCancellationSuccess', data: { cancellationId, pgCancelTransactionId } };
}

export function recordCancellationFailure(
  cancellationId = 'cancel-1',
  pgCode = 'C001',
  pgMessage = '취소 거절',
): RecordCancellationFailure {
  return { type: 'RecordCancellationFailure', data: { cancellationId, pgCode, pgMessage } };
}

export function recordCancellationUnanswered(
  cancellationId = 'cancel-1',
  detail = 'PG timed out',
): RecordCancellationUnanswered {
  return { type: 'RecordCancellationUnanswered', data: { cancellationId, detail } };
}

export function needsAttention(
  options: {
    at?: string;
    subject?: PaymentNeedsAttention['data']['subject'];
    reference?: string;
    reason?: string;
    pgCode?: string | null;
    pgMessage?: string | null;
  } = {},
): PaymentNeedsAttention {
  return {
    type: 'PaymentNeedsAttention',
    data: {
      paymentId: PAYMENT_ID,
      subject: options.subject ?? 'CANCELLATION',
      reference: options.reference ?? 'cancel-1',
      reason: options.reason ?? 'PG_UNANSWERED',
      pgCode: options.pgCode ?? null,
      pgMessage: options.pgMessage === undefined ? 'PG timed out' : options.pgMessage,
      since: iso(options.at ?? '2026-12-01T11:10'),
    },
  };
}

// R22, R23: approvals the ledger refused, given back at the PG.

export function approvalVoidStarted(
  options: {
    at?: string;
    pgTransactionId?: string;
    approvedAmountKrw?: number;
    approvedAt?: string;
    reason?: VoidReason;
    statusAtReceipt?: PaymentApprovalVoidStarted['data']['statusAtReceipt'];
  } = {},
): PaymentApprovalVoidStarted {
  return {
    type: 'PaymentApprovalVoidStarted',
    data: {
      paymentId: PAYMENT_ID,
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-1',
      approvedAmountKrw: options.approvedAmountKrw ?? 3_000,
      approvedAt: iso(options.approvedAt ?? '2026-12-01T10:01'),
      reason: options.reason ?? 'NOT_REQUESTED',
      statusAtReceipt: options.statusAtReceipt ?? 'FAILED',
      startedAt: iso(options.at ?? '2026-12-01T10:01'),
    },
  };
}

export function approvalVoided(
  options: { at?: string; pgTransactionId?: string; pgVoidId?: string } = {},
): PaymentApprovalVoided {
  return {
    type: 'PaymentApprovalVoided',
    data: {
      paymentId: PAYMENT_ID,
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-1',
      pgVoidId: options.pgVoidId ?? 'pg-void-1',
      voidedAt: iso(options.at ?? '2026-12-01T10:02'),
    },
  };
}

/** An approval recorded before R22 (no void started). */
export function lateApprovalReceived(
  options: {
    at?: string;
    pgTransactionId?: string;
    approvedAmountKrw?: number;
    approvedAt?: string;
    statusAtReceipt?: LatePaymentApprovalReceived['data']['statusAtReceipt'];
  } = {},
): LatePaymentApprovalReceived {
  return {
    type: 'LatePaymentApprovalReceived',
    data: {
      paymentId: PAYMENT_ID,
      pgTransactionId: options.pgTransactionId ?? 'pg-tx-2',
      approvedAmountKrw: options.approvedAmountKrw ?? 3_000,
      approvedAt: iso(options.approvedAt ?? '2026-12-01T10:03'),
      receivedAt: iso(options.at ?? '2026-12-01T10:03'),
      statusAtReceipt: options.statusAtReceipt ?? 'COMPLETED',
    },
  };
}

export function recordApprovalVoided(
  pgTransactionId = 'pg-tx-1',
  pgVoidId = 'pg-void-1',
): RecordApprovalVoided {
  return { type: 'RecordApprovalVoided', data: { pgTransactionId, pgVoidId } };
}

export function recordApprovalVoidUnsettled(
  pgTransactionId = 'pg-tx-1',
  pgCode: string | null = null,
  pgMessage: string | null = null,
): RecordApprovalVoidUnsettled {
  return { type: 'RecordApprovalVoidUnsettled', data: { pgTransactionId, pgCode, pgMessage } };
}

export function startLegacyApprovalVoid(pgTransactionId = 'pg-tx-2'): StartLegacyApprovalVoid {
  return { type: 'StartLegacyApprovalVoid', data: { pgTransactionId } };
}
