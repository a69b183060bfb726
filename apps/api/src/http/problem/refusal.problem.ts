import { RefusedError } from '@lib/commands';
import { assertNever, type LedgerRefusal } from '@lib/ledger';
import { ProblemException } from './problem.exception';

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
  DAY_NOT_ENDED: { status: 409, title: 'The day has not ended yet' },
  CLOCK_MOVES_FORWARD_ONLY: { status: 409, title: 'The test clock only moves forward' },
  CANCEL_IN_PROGRESS: { status: 409, title: 'The payment is being cancelled at the gateway' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency key reused with a different request',
  },
  ORIGINAL_NOT_CANCELLABLE: {
    status: 409,
    title: 'The original payment can no longer be cancelled; the repayment is voided',
  },
  // 503, not 409: the close will succeed as soon as the PG answers, and an idempotency key must
  // stay free for that retry.
  CANCELLATIONS_PENDING: {
    status: 503,
    title: 'Cancellations of the day are still at the payment gateway',
  },
} as const satisfies Record<LedgerRefusal['code'], { status: number; title: string }>;

/** The one mapping from a refusal of the ledger to its problem+json answer. */
export function refusalProblem(refusal: LedgerRefusal): ProblemException {
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
    case 'DAY_NOT_ENDED':
      return new ProblemException(status, {
        ...base,
        detail: `${refusal.date} can be closed from ${refusal.endsAt} (00:00 KST of the next day).`,
        retryAfter: refusal.endsAt,
      });
    case 'CLOCK_MOVES_FORWARD_ONLY':
      // 409, not 400: the request is well formed; it conflicts with where the clock stands.
      return new ProblemException(status, {
        ...base,
        detail: `The clock stands at ${refusal.now}; it only moves forward.`,
      });
    case 'CANCELLATIONS_PENDING':
      return new ProblemException(
        status,
        {
          ...base,
          detail: `Waiting for the cancellation of ${refusal.paymentIds.join(', ')}.`,
          retryAfter: refusal.retryAfter,
        },
        { headers: { 'Retry-After': '1' } },
      );
    case 'CANCEL_IN_PROGRESS':
      return new ProblemException(status, {
        ...base,
        detail: 'A cancellation of this payment is at the payment gateway; its outcome decides.',
      });
    case 'ORIGINAL_NOT_CANCELLABLE':
      return new ProblemException(status, {
        ...base,
        detail: `Payment ${refusal.originalPaymentId} can no longer be cancelled.`,
      });
    case 'CERTIFICATE_REQUIRED':
    case 'AMOUNT_MISMATCH':
    case 'PAYMENT_NOT_FOUND':
    case 'ITEM_NOT_FOUND':
    case 'IDEMPOTENCY_KEY_REUSED':
      return new ProblemException(status, base);
    default:
      return assertNever(refusal, 'refusal');
  }
}

/** The answer an error stands for, when it is one the application means to give. */
export function problemOf(error: unknown): ProblemException | undefined {
  if (error instanceof ProblemException) return error;
  if (error instanceof RefusedError) return refusalProblem(error.refusal);
  return undefined;
}
