import {
  assertNever,
  type PayerGuardRefusal,
  type PaymentRefusal,
  type RepaymentGuardRefusal,
} from '@lib/ledger';
import { ProblemException } from '../../http/problem/problem.exception';

/** HTTP status and English title of each refusal code (DESIGN.md §6). */
const REFUSAL_HTTP = {
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  PAYMENT_NOT_FOUND: { status: 404, title: 'Payment not found' },
  ITEM_NOT_FOUND: { status: 404, title: 'Item not found in this payment' },
  CANCEL_NOT_ALLOWED: { status: 409, title: 'Cancellation not allowed' },
  CERTIFICATE_REQUIRED: { status: 409, title: 'Certificate verification required' },
  AMOUNT_MISMATCH: { status: 409, title: 'Approved amount does not match the payment' },
  NOT_REQUESTED: { status: 409, title: 'Payment is not awaiting a gateway result' },
  VIEW_NOT_ALLOWED: { status: 409, title: 'Only a completed payment can be viewed' },
  REPAYMENT_NOT_ALLOWED: { status: 409, title: 'Repayment not allowed' },
  PG_CANCEL_FAILED: { status: 502, title: 'The payment gateway did not cancel the payment' },
  PENDING_TRANSFER_EXISTS: { status: 409, title: 'A bank transfer of this payer is pending' },
} as const satisfies Record<
  (PaymentRefusal | PayerGuardRefusal | RepaymentGuardRefusal)['code'],
  { status: number; title: string }
>;

/** The one mapping from a domain refusal to its problem+json answer. */
export function refusalProblem(
  refusal: PaymentRefusal | PayerGuardRefusal | RepaymentGuardRefusal,
): ProblemException {
  const { status, title } = REFUSAL_HTTP[refusal.code];
  const base = { code: refusal.code, title, message: refusal.message };
  switch (refusal.code) {
    case 'VALIDATION_FAILED':
      return new ProblemException(status, {
        ...base,
        reason: refusal.reason,
        errors: refusal.violations.map(({ field, message }) => ({ field, message })),
      });
    case 'CANCEL_NOT_ALLOWED':
      return new ProblemException(status, { ...base, reason: refusal.reason });
    case 'REPAYMENT_NOT_ALLOWED':
      // REPAYMENT_PENDING (R12 guard) also says when its hold lapses on its own.
      return new ProblemException(status, {
        ...base,
        reason: refusal.reason,
        ...(refusal.reason === 'REPAYMENT_PENDING' ? { retryAfter: refusal.retryAfter } : {}),
      });
    case 'PENDING_TRANSFER_EXISTS':
      return new ProblemException(status, { ...base, retryAfter: refusal.retryAfter });
    case 'PG_CANCEL_FAILED':
      return new ProblemException(status, {
        ...base,
        pgCode: refusal.pgCode,
        pgMessage: refusal.pgMessage,
      });
    case 'NOT_REQUESTED':
    case 'VIEW_NOT_ALLOWED':
      return new ProblemException(status, { ...base, detail: `The payment is ${refusal.status}` });
    case 'CERTIFICATE_REQUIRED':
    case 'AMOUNT_MISMATCH':
    case 'PAYMENT_NOT_FOUND':
    case 'ITEM_NOT_FOUND':
      return new ProblemException(status, base);
    default:
      return assertNever(refusal, 'refusal');
  }
}
