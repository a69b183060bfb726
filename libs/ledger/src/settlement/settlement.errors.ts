import type { BusinessDate, IsoInstant } from '../business-time';
import type { CancelNotAllowed } from '../payment/payment.errors';

/**
 * Refusals of the settlement decider (typed values, never thrown). A reservation refused because
 * the close has begun is the payment's own `CANCEL_NOT_ALLOWED` with reason `SETTLED` (R19).
 */
export type SettlementRefusal = DayNotEnded | CancellationsPending | CancelNotAllowed;

/** R18: the day is not over (now < next day 00:00 KST). */
export interface DayNotEnded {
  readonly code: 'DAY_NOT_ENDED';
  readonly message: string;
  readonly date: BusinessDate;
  /** From this instant on the day can be closed. */
  readonly endsAt: IsoInstant;
}

/** R19: cancellations of the day are still waiting for the PG; the close must count their outcome. */
export interface CancellationsPending {
  readonly code: 'CANCELLATIONS_PENDING';
  readonly message: string;
  readonly date: BusinessDate;
  readonly paymentIds: readonly string[];
  /** By this instant every pending reservation has been released or has lapsed. */
  readonly retryAfter: IsoInstant;
}

export function dayNotEnded(date: BusinessDate, endsAt: IsoInstant): DayNotEnded {
  return {
    code: 'DAY_NOT_ENDED',
    message: `${date} 일자는 아직 끝나지 않아 정산할 수 없습니다. 다음 날 0시(한국시간) 이후에 정산해 주세요.`,
    date,
    endsAt,
  };
}

export function cancellationsPending(
  date: BusinessDate,
  paymentIds: readonly string[],
  retryAfter: IsoInstant,
): CancellationsPending {
  return {
    code: 'CANCELLATIONS_PENDING',
    message: `${date} 일자에 처리 중인 결제취소가 있어 정산을 마치지 못했습니다. 잠시 후 다시 시도해 주세요.`,
    date,
    paymentIds,
    retryAfter,
  };
}
