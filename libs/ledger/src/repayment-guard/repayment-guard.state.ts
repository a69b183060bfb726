import { assertNever, invariant } from '../assert';
import type { IsoInstant } from '../business-time';
import type { RepaymentGuardEvent } from './repayment-guard.events';

export interface PendingRepaymentHold {
  readonly repaymentId: string;
  readonly heldAt: IsoInstant;
  readonly holdUntil: IsoInstant;
}

export interface RepaymentGuardState {
  readonly originalPaymentId: string | null;
  /** The last hold not released; it may be past its deadline already. */
  readonly hold: PendingRepaymentHold | null;
}

export const initialRepaymentGuardState: RepaymentGuardState = Object.freeze({
  originalPaymentId: null,
  hold: null,
});

export function evolveRepaymentGuard(
  state: RepaymentGuardState,
  event: RepaymentGuardEvent,
): RepaymentGuardState {
  const { originalPaymentId } = event.data;
  invariant(
    state.originalPaymentId === null || state.originalPaymentId === originalPaymentId,
    `${event.type} of ${originalPaymentId} in the guard of ${String(state.originalPaymentId)}`,
  );
  switch (event.type) {
    case 'RepaymentHeld': {
      const { repaymentId, heldAt, holdUntil } = event.data;
      return { originalPaymentId, hold: { repaymentId, heldAt, holdUntil } };
    }
    case 'RepaymentReleased':
      invariant(
        state.hold?.repaymentId === event.data.repaymentId,
        `Release of ${event.data.repaymentId}, which does not hold the guard`,
      );
      return { originalPaymentId, hold: null };
    default:
      return assertNever(event, 'repayment guard event');
  }
}
