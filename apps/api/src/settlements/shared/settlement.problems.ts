import { assertNever, type SettlementRefusal } from '@lib/ledger';
import { ProblemException } from '../../http';
import { refusalProblem } from '../../payments/shared/refusal.problem';

/** The one mapping from a settlement refusal to its problem+json answer (DESIGN.md §6). */
export function settlementProblem(refusal: SettlementRefusal): ProblemException {
  switch (refusal.code) {
    case 'DAY_NOT_ENDED':
      return new ProblemException(409, {
        code: refusal.code,
        title: 'The day has not ended yet',
        message: refusal.message,
        detail: `${refusal.date} can be closed from ${refusal.endsAt} (00:00 KST of the next day).`,
        retryAfter: refusal.endsAt,
      });
    case 'CANCELLATIONS_PENDING':
      // 503, not 409: the close will succeed as soon as the PG answers, and an idempotency key
      // must stay free for that retry.
      return new ProblemException(
        503,
        {
          code: refusal.code,
          title: 'Cancellations of the day are still at the payment gateway',
          message: refusal.message,
          detail: `Waiting for the cancellation of ${refusal.paymentIds.join(', ')}.`,
          retryAfter: refusal.retryAfter,
        },
        { headers: { 'Retry-After': '1' } },
      );
    case 'CANCEL_NOT_ALLOWED':
      return refusalProblem(refusal);
    default:
      return assertNever(refusal, 'settlement refusal');
  }
}

export function settlementNotFound(date: string): ProblemException {
  return new ProblemException(404, {
    code: 'SETTLEMENT_NOT_FOUND',
    title: 'Settlement not found',
    message: `${date} 일자의 정산이 아직 마감되지 않았습니다.`,
    detail: 'A day has a settlement report once it is closed (after 00:00 KST of the next day).',
  });
}
