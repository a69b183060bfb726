/**
 * The payer guard's state and `evolve` (R6). Invariants:
 * - one stream per payer; every event names the same payer key;
 * - at most one hold at a time; a release ends exactly the current hold.
 * Whether the hold still blocks is decided by its own deadline (`holdUntil`), not by the release:
 * a lost release can delay a payer by at most the window, never forever.
 */
import { assertNever, invariant } from '../assert';
import type { IsoInstant } from '../business-time';
import type { PayerGuardEvent } from './payer-guard.events';

export interface PendingTransferHold {
  readonly paymentId: string;
  readonly heldAt: IsoInstant;
  readonly holdUntil: IsoInstant;
}

export interface PayerGuardState {
  /** null until the first event. */
  readonly payerKey: string | null;
  /** The last hold not released; it may have passed its deadline already. */
  readonly hold: PendingTransferHold | null;
}

export const initialPayerGuardState: PayerGuardState = Object.freeze({
  payerKey: null,
  hold: null,
});

export function evolvePayerGuard(state: PayerGuardState, event: PayerGuardEvent): PayerGuardState {
  invariant(
    state.payerKey === null || state.payerKey === event.data.payerKey,
    `${event.type} of ${event.data.payerKey} in the guard of ${String(state.payerKey)}`,
  );
  switch (event.type) {
    case 'PendingTransferHeld': {
      const { payerKey, paymentId, heldAt, holdUntil } = event.data;
      return { payerKey, hold: { paymentId, heldAt, holdUntil } };
    }
    case 'PendingTransferReleased':
      invariant(
        state.hold?.paymentId === event.data.paymentId,
        `Release of ${event.data.paymentId}, which does not hold the guard`,
      );
      return { payerKey: event.data.payerKey, hold: null };
    default:
      return assertNever(event, 'payer guard event');
  }
}
