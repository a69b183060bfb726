import { DateTime } from 'luxon';
import { BUSINESS_ZONE, CANCEL_BLOCKED_MESSAGES, type PaymentItem } from '@lib/ledger';
import type { PaymentRecord } from '@lib/projections';
import { listedPaymentView as paymentView } from './payment-list.presenter';

const at = (wallClock: string) => DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });
const OPEN = false;

const item = (n: number, change: Partial<PaymentItem> = {}): PaymentItem => ({
  itemId: `item-${n}`,
  court: '서울중앙지방법원',
  caseNumber: `2024가합${n}`,
  feeKrw: 1_000,
  viewedAt: null,
  viewTransferredTo: null,
  ...change,
});

/** A card payment of two judgments completed at 2026-12-01 23:59:59 KST. */
function completedRecord(change: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    paymentId: 'pay-1',
    status: 'COMPLETED',
    payer: { type: 'MEMBER', memberId: 'm-1001' },
    payerKey: 'member-m-1001',
    instrument: { method: 'CARD', cardIssuer: 'SHINHAN', authScheme: 'MPI' },
    amountKrw: 2_000,
    items: [item(1), item(2)],
    requestedAt: '2026-12-01T23:59:00.000+09:00',
    requestedOn: '2026-12-01',
    expiresAt: null,
    repaymentOf: null,
    completion: {
      pgTransactionId: 'pg-1',
      approvedAt: '2026-12-01T23:59:59.000+09:00',
      certificateVerified: false,
      completedAt: '2026-12-01T23:59:59.000+09:00',
      completedOn: '2026-12-01',
    },
    failure: null,
    cancellation: null,
    cancelledAt: null,
    pgCancelTransactionId: null,
    cancellationFailures: { count: 0, last: null },
    lateApprovalCount: 0,
    ...change,
  };
}

describe('A listed payment (DESIGN.md §6): the representation GET /v1/payments/{id} answers', () => {
  it('shows a completed card payment with its items, label and amounts', () => {
    expect(paymentView(completedRecord(), at('2026-12-01T23:59:59.500'), OPEN)).toEqual({
      paymentId: 'pay-1',
      status: 'COMPLETED',
      statusLabel: '결제완료',
      method: 'CARD',
      cardIssuer: 'SHINHAN',
      authScheme: 'MPI',
      amount: 2_000,
      currency: 'KRW',
      items: [
        {
          itemId: 'item-1',
          court: '서울중앙지방법원',
          caseNumber: '2024가합1',
          fee: 1_000,
          viewed: false,
          viewedAt: null,
        },
        {
          itemId: 'item-2',
          court: '서울중앙지방법원',
          caseNumber: '2024가합2',
          fee: 1_000,
          viewed: false,
          viewedAt: null,
        },
      ],
      requestedAt: '2026-12-01T23:59:00.000+09:00',
      completedAt: '2026-12-01T23:59:59.000+09:00',
      expiresAt: null,
      failure: null,
      cancellable: true,
      cancelBlockedReason: null,
      cancelledAt: null,
      repaymentOf: null,
    });
  });

  it('shows a failed transfer with its bank and failure, not cancellable', () => {
    const view = paymentView(
      completedRecord({
        status: 'FAILED',
        instrument: { method: 'BANK_TRANSFER', bankCode: '004' },
        expiresAt: '2026-12-02T00:14:00.000+09:00',
        completion: null,
        failure: {
          reason: 'EXPIRED',
          code: 'EXPIRED',
          message: '계좌이체결제가 실패하였습니다.',
          failedAt: '2026-12-02T00:14:00.000+09:00',
          pgTransactionId: null,
          approvedAmountKrw: null,
        },
      }),
      at('2026-12-02T00:15'),
      OPEN,
    );
    expect(view).toMatchObject({
      statusLabel: '결제실패',
      method: 'BANK_TRANSFER',
      bankCode: '004',
      completedAt: null,
      expiresAt: null, // the deadline is shown only while the transfer can still expire
      failure: { reason: 'EXPIRED', code: 'EXPIRED', message: '계좌이체결제가 실패하였습니다.' },
      cancellable: false,
      cancelBlockedReason: 'NOT_COMPLETED',
    });
  });
});

describe('A listed payment: cancellable is the ledger rule at the caller’s now (R9–R11, R19)', () => {
  it('R10: given completion at 23:59:59 KST, then at 00:00:00 KST the next day it is NOT_SAME_DAY', () => {
    const view = paymentView(completedRecord(), at('2026-12-02T00:00:00'), OPEN);
    expect(view).toMatchObject({ cancellable: false, cancelBlockedReason: 'NOT_SAME_DAY' });
  });

  it('R11: given a viewed item, then it is ALREADY_VIEWED and the item shows when it was viewed', () => {
    const viewedAt = '2026-12-01T23:59:59.100+09:00';
    const record = completedRecord({ items: [item(1, { viewedAt }), item(2)] });
    const view = paymentView(record, at('2026-12-01T23:59:59.500'), OPEN);
    expect(view).toMatchObject({ cancellable: false, cancelBlockedReason: 'ALREADY_VIEWED' });
    expect(view.items.map(({ viewed, viewedAt: at }) => [viewed, at])).toEqual([
      [true, viewedAt],
      [false, null],
    ]);
    expect(CANCEL_BLOCKED_MESSAGES.ALREADY_VIEWED).toBe('이미 열람된 건은 취소할 수 없습니다');
  });

  it('R12: given its views moved to a repayment, then the payment is cancellable again', () => {
    const record = completedRecord({ items: [item(1, { viewTransferredTo: 'pay-2' }), item(2)] });
    const view = paymentView(record, at('2026-12-01T23:59:59.500'), OPEN);
    expect(view).toMatchObject({ cancellable: true, cancelBlockedReason: null });
    expect(view.items[0]).toMatchObject({ viewed: false, viewedAt: null });
  });

  it('R19: given the day is settled, then it is SETTLED even on the completion day', () => {
    const closed = (day: string) => day === '2026-12-01';
    expect(paymentView(completedRecord(), at('2026-12-01T23:59:59.500'), closed)).toMatchObject({
      cancellable: false,
      cancelBlockedReason: 'SETTLED',
    });
    expect(
      paymentView(completedRecord(), at('2026-12-01T23:59:59.500'), true).cancelBlockedReason,
    ).toBe('SETTLED');
  });

  it('R9: given a cancelled payment, then it is ALREADY_CANCELLED', () => {
    const record = completedRecord({
      status: 'CANCELLED',
      cancelledAt: '2026-12-01T23:59:59.900+09:00',
    });
    const view = paymentView(record, at('2026-12-01T23:59:59.950'), OPEN);
    expect(view).toMatchObject({
      statusLabel: '결제취소',
      cancelBlockedReason: 'ALREADY_CANCELLED',
    });
  });

  it('given a record whose status lacks its facts, then it fails loudly (a broken read model is a bug)', () => {
    expect(() =>
      paymentView(completedRecord({ completion: null }), at('2026-12-01T23:59:59'), OPEN),
    ).toThrow('COMPLETED without completion');
  });
});
