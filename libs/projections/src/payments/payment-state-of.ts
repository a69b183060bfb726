import { assertNever, invariant, type PaymentState } from '@lib/ledger';
import type { PaymentRecord } from './payment-record';

/**
 * A read-model record as the ledger's payment state, so the API builds the list's representation
 * and decides `cancellable` with the very functions it uses for one payment (one implementation of
 * the representation and of R9–R11, R19). Faithful in everything those read (status, instrument,
 * items and views, completion, failure, cancellation); the lists of cancellation failures, late
 * approvals and voids, which the read model keeps only as counts or elsewhere, are left empty, so this is not a
 * replacement for folding the stream.
 */
export function paymentStateOf(record: PaymentRecord): PaymentState {
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
  const notListed = { cancellationFailures: [], lateApprovals: [], voids: [] };
  const { status } = record;
  switch (status) {
    case 'REQUESTED':
      return { ...base, status };
    case 'FAILED':
      return { ...base, status, failure: fact(record, 'failure'), lateApprovals: [], voids: [] };
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
        cancellationId: null,
      };
    case 'CANCELLING':
      return {
        ...base,
        ...notListed,
        status,
        completion: fact(record, 'completion'),
        cancellation: { ...fact(record, 'cancellation'), attention: null },
      };
    default:
      return assertNever(status, 'payment status');
  }
}

/** A fact the record's status implies; missing, the read model is broken (a bug). */
function fact<K extends 'completion' | 'failure' | 'cancelledAt' | 'cancellation'>(
  record: PaymentRecord,
  key: K,
): NonNullable<PaymentRecord[K]> {
  const value = record[key];
  invariant(value !== null, `Payment ${record.paymentId} is ${record.status} without ${key}`);
  return value;
}
