/**
 * The payer guard (R6): while a payer's bank transfer is pending — held and not past its own
 * deadline — no other transfer of that payer may be requested. Invariants:
 * - the command side appends to `payer-<payerKey>` with the expected revision it decided on, so of
 *   two simultaneous requests only one hold is written; the other re-decides and is refused;
 * - a hold blocks until `holdUntil` exclusive: at the deadline itself the payer may pay again
 *   (the held transfer is expired at that very instant, R5);
 * - holding again for the same payment, or releasing a payment that does not hold the guard, is a
 *   no-op (retries are safe); a release after the deadline adds nothing.
 */
import type { DateTime } from 'luxon';
import { assertNever, invariant } from '../assert';
import { isoInstant, parseIsoInstant, toBusinessTime } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import { isStreamKey } from '../streams';
import type {
  HoldPendingTransfer,
  PayerGuardCommand,
  ReleasePendingTransfer,
} from './payer-guard.commands';
import { pendingTransferExists, type PayerGuardRefusal } from './payer-guard.errors';
import { PAYER_GUARD_EVENT_SCHEMA_VERSIONS, type PayerGuardEvent } from './payer-guard.events';
import {
  evolvePayerGuard,
  initialPayerGuardState,
  type PayerGuardState,
  type PendingTransferHold,
} from './payer-guard.state';

export type PayerGuardDecision = Decision<PayerGuardEvent, PayerGuardRefusal>;

export function decidePayerGuard(
  command: PayerGuardCommand,
  state: PayerGuardState,
  ctx: DecisionContext,
): PayerGuardDecision {
  invariant(ctx.now.isValid, 'ctx.now is not a valid instant');
  switch (command.type) {
    case 'HoldPendingTransfer':
      return decideHold(command, state, ctx);
    case 'ReleasePendingTransfer':
      return decideRelease(command, state, ctx);
    default:
      return assertNever(command, 'payer guard command');
  }
}

/** The hold that blocks a new transfer at `now`, or null. */
export function activeHold(state: PayerGuardState, now: DateTime): PendingTransferHold | null {
  const { hold } = state;
  if (hold === null) return null;
  return now.toMillis() < toBusinessTime(hold.holdUntil).toMillis() ? hold : null;
}

function decideHold(
  command: HoldPendingTransfer,
  state: PayerGuardState,
  ctx: DecisionContext,
): PayerGuardDecision {
  const { payerKey, paymentId, holdUntil } = command.data;
  // These come from PaymentRequested, not from the payer: a bad value is a bug.
  invariant(
    isStreamKey(payerKey) && isStreamKey(paymentId),
    'Hold needs a payer key and a payment id',
  );
  invariant(
    state.payerKey === null || state.payerKey === payerKey,
    "Hold in another payer's guard",
  );
  const until = parseIsoInstant(holdUntil);
  invariant(
    until !== null && until.toMillis() > ctx.now.toMillis(),
    `holdUntil ${holdUntil} must be after now`,
  );

  const blocking = activeHold(state, ctx.now);
  if (blocking !== null) {
    if (blocking.paymentId === paymentId) return accept(); // the same request, retried
    return refuse(
      pendingTransferExists(
        isoInstant(toBusinessTime(blocking.holdUntil)),
        blocking.paymentId,
        ctx.policy.pendingTransferWindowMinutes,
      ),
    );
  }
  return accept({
    type: 'PendingTransferHeld',
    data: { payerKey, paymentId, heldAt: isoInstant(ctx.now), holdUntil: isoInstant(until) },
  });
}

function decideRelease(
  command: ReleasePendingTransfer,
  state: PayerGuardState,
  ctx: DecisionContext,
): PayerGuardDecision {
  const blocking = activeHold(state, ctx.now);
  if (blocking === null || blocking.paymentId !== command.data.paymentId) return accept();
  invariant(state.payerKey !== null, 'A held guard knows its payer');
  return accept({
    type: 'PendingTransferReleased',
    data: {
      payerKey: state.payerKey,
      paymentId: blocking.paymentId,
      releasedAt: isoInstant(ctx.now),
      outcome: command.data.outcome,
    },
  });
}

export const payerGuardDecider: Decider<
  PayerGuardCommand,
  PayerGuardEvent,
  PayerGuardState,
  PayerGuardDecision
> = {
  initialState: initialPayerGuardState,
  evolve: evolvePayerGuard,
  decide: decidePayerGuard,
  schemaVersions: PAYER_GUARD_EVENT_SCHEMA_VERSIONS,
};
