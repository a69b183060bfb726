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
  RequestPayment,
} from '../payment/payment.commands';
import type {
  JudgmentViewed,
  PaymentCancelled,
  PaymentCompleted,
  PaymentFailed,
  PaymentInstrument,
  PaymentRequested,
  RepaymentOf,
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
