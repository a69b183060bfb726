import type { DateTime } from 'luxon';
import {
  assertNever,
  cancelBlockedReason,
  invariant,
  statusLabel,
  type BankCode,
  type BusinessDate,
  type CancelBlockedReason,
  type CardAuthScheme,
  type CardIssuer,
  type FailureReason,
  type IsoInstant,
  type PaymentMethod,
  type PaymentState,
  type PaymentStatus,
} from '@lib/ledger';
import type { PaymentRecord } from './payment-record';

/** DESIGN.md §6's payment representation (plus `bankCode`, which a transfer shows). */
export interface PaymentView {
  readonly paymentId: string;
  readonly status: PaymentStatus;
  readonly statusLabel: string;
  readonly method: PaymentMethod;
  readonly cardIssuer: CardIssuer | null;
  readonly authScheme: CardAuthScheme | null;
  readonly bankCode: BankCode | null;
  readonly amount: number;
  readonly currency: 'KRW';
  readonly items: readonly PaymentItemView[];
  readonly requestedAt: IsoInstant;
  readonly completedAt: IsoInstant | null;
  readonly expiresAt: IsoInstant | null;
  readonly failure: {
    readonly reason: FailureReason;
    readonly code: string;
    readonly message: string;
  } | null;
  readonly cancellable: boolean;
  readonly cancelBlockedReason: CancelBlockedReason | null;
}

export interface PaymentItemView {
  readonly itemId: string;
  readonly court: string;
  readonly caseNumber: string;
  readonly fee: number;
  readonly viewed: boolean;
  readonly viewedAt: IsoInstant | null;
}

/**
 * The payment as the API shows it at `now`. Whether it can be cancelled is asked of the ledger's
 * `cancelBlockedReason`, the same rule the cancel command runs (one implementation, R9–R11, R19);
 * `isDayClosed` answers whether a KST day's settlement is closed.
 */
export function paymentView(
  record: PaymentRecord,
  now: DateTime,
  isDayClosed: boolean | ((day: BusinessDate) => boolean),
): PaymentView {
  const { instrument, failure } = record;
  const blocked = cancelBlockedReason(stateForRules(record), now, isDayClosed);
  return {
    paymentId: record.paymentId,
    status: record.status,
    statusLabel: statusLabel(record.status),
    method: instrument.method,
    cardIssuer: instrument.method === 'CARD' ? instrument.cardIssuer : null,
    authScheme: instrument.method === 'CARD' ? instrument.authScheme : null,
    bankCode: instrument.method === 'BANK_TRANSFER' ? instrument.bankCode : null,
    amount: record.amountKrw,
    currency: 'KRW',
    items: record.items.map((item) => ({
      itemId: item.itemId,
      court: item.court,
      caseNumber: item.caseNumber,
      fee: item.feeKrw,
      viewed: item.viewedAt !== null,
      viewedAt: item.viewedAt,
    })),
    requestedAt: record.requestedAt,
    completedAt: record.completion?.completedAt ?? null,
    // As GET /v1/payments/{id} answers it: a deadline only while the transfer can still expire.
    expiresAt: record.status === 'REQUESTED' ? record.expiresAt : null,
    failure:
      failure === null
        ? null
        : { reason: failure.reason, code: failure.code, message: failure.message },
    cancellable: blocked === null,
    cancelBlockedReason: blocked,
  };
}

/**
 * The ledger state the rules read. Faithful in everything `cancelBlockedReason` looks at (status,
 * completion day, views); the lists of cancellation failures and late approvals, which the read
 * model keeps only as counts, are left empty, so this is not a replacement for folding the stream.
 */
function stateForRules(record: PaymentRecord): PaymentState {
  const base = {
    paymentId: record.paymentId,
    payer: record.payer,
    instrument: record.instrument,
    items: record.items,
    amountKrw: record.amountKrw,
    requestedAt: record.requestedAt,
    expiresAt: record.expiresAt,
    repaymentOf: record.repaymentOf,
  };
  const notListed = { cancellationFailures: [], lateApprovals: [] };
  const { status } = record;
  switch (status) {
    case 'REQUESTED':
      return { ...base, status };
    case 'FAILED':
      return { ...base, status, failure: fact(record, 'failure'), lateApprovals: [] };
    case 'COMPLETED':
      return { ...base, ...notListed, status, completion: fact(record, 'completion') };
    case 'CANCELLED':
      return {
        ...base,
        ...notListed,
        status,
        completion: fact(record, 'completion'),
        cancelledAt: fact(record, 'cancelledAt'),
        pgCancelTransactionId: record.pgCancelTransactionId,
      };
    default:
      return assertNever(status, 'payment status');
  }
}

/** A fact the record's status implies; missing, the read model is broken (a bug). */
function fact<K extends 'completion' | 'failure' | 'cancelledAt'>(
  record: PaymentRecord,
  key: K,
): NonNullable<PaymentRecord[K]> {
  const value = record[key];
  invariant(value !== null, `Payment ${record.paymentId} is ${record.status} without ${key}`);
  return value;
}
