/**
 * The repayment guard (R12): while a repayment of an original is pending — held and not past its
 * deadline — no other repayment of that original may be requested, whatever its method (the
 * payer guard, R6, only serialises bank transfers). Invariants:
 * - the command side appends to `repayment-<originalPaymentId>` with the expected revision it
 *   decided on, BEFORE the repayment's PaymentRequested: of simultaneous requests only one hold is
 *   written, the others re-decide and are refused;
 * - a hold blocks until `holdUntil` exclusive, so a lost release, or a card repayment the PG never
 *   answers, blocks for the pending window at most;
 * - holding again for the same repayment, or releasing one that does not hold the guard, is a
 *   no-op (retries and the log-driven follow-ups are safe); a release after the deadline adds
 *   nothing.
 */
import type { DateTime } from 'luxon';
import { assertNever, invariant } from '../assert';
import { isoInstant, parseIsoInstant, toBusinessTime } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import { isStreamKey } from '../streams';
import type {
  HoldRepayment,
  ReleaseRepayment,
  RepaymentGuardCommand,
} from './repayment-guard.commands';
import { repaymentPending, type RepaymentGuardRefusal } from './repayment-guard.errors';
import {
  REPAYMENT_GUARD_EVENT_SCHEMA_VERSIONS,
  type RepaymentGuardEvent,
} from './repayment-guard.events';
import {
  evolveRepaymentGuard,
  initialRepaymentGuardState,
  type PendingRepaymentHold,
  type RepaymentGuardState,
} from './repayment-guard.state';

export type RepaymentGuardDecision = Decision<RepaymentGuardEvent, RepaymentGuardRefusal>;

export function decideRepaymentGuard(
  command: RepaymentGuardCommand,
  state: RepaymentGuardState,
  ctx: DecisionContext,
): RepaymentGuardDecision {
  invariant(ctx.now.isValid, 'ctx.now is not a valid instant');
  switch (command.type) {
    case 'HoldRepayment':
      return decideHold(command, state, ctx);
    case 'ReleaseRepayment':
      return decideRelease(command, state, ctx);
    default:
      return assertNever(command, 'repayment guard command');
  }
}

/** The hold that blocks a new repayment at `now`, or null. */
export function activeRepaymentHold(
  state: RepaymentGuardState,
  now: DateTime,
): PendingRepaymentHold | null {
  const { hold } = state;
  if (hold === null) return null;
  return now.toMillis() < toBusinessTime(hold.holdUntil).toMillis() ? hold : null;
}

function decideHold(
  command: HoldRepayment,
  state: RepaymentGuardState,
  ctx: DecisionContext,
): RepaymentGuardDecision {
  const { originalPaymentId, repaymentId, holdUntil } = command.data;
  // These come from the planned repayment, not from the payer: a bad value is a bug.
  invariant(
    isStreamKey(originalPaymentId) && isStreamKey(repaymentId) && originalPaymentId !== repaymentId,
    'Hold needs an original payment id and a distinct repayment id',
  );
  invariant(
    state.originalPaymentId === null || state.originalPaymentId === originalPaymentId,
    "Hold in another original's guard",
  );
  const until = parseIsoInstant(holdUntil);
  invariant(
    until !== null && until.toMillis() > ctx.now.toMillis(),
    `holdUntil ${holdUntil} must be after now`,
  );

  const blocking = activeRepaymentHold(state, ctx.now);
  if (blocking !== null) {
    if (blocking.repaymentId === repaymentId) return accept(); // the same request, retried
    return refuse(
      repaymentPending(
        isoInstant(toBusinessTime(blocking.holdUntil)),
        blocking.repaymentId,
        ctx.policy.pendingTransferWindowMinutes,
      ),
    );
  }
  return accept({
    type: 'RepaymentHeld',
    data: {
      originalPaymentId,
      repaymentId,
      heldAt: isoInstant(ctx.now),
      holdUntil: isoInstant(until),
    },
  });
}

function decideRelease(
  command: ReleaseRepayment,
  state: RepaymentGuardState,
  ctx: DecisionContext,
): RepaymentGuardDecision {
  const blocking = activeRepaymentHold(state, ctx.now);
  if (blocking === null || blocking.repaymentId !== command.data.repaymentId) return accept();
  invariant(state.originalPaymentId !== null, 'A held guard knows its original');
  return accept({
    type: 'RepaymentReleased',
    data: {
      originalPaymentId: state.originalPaymentId,
      repaymentId: blocking.repaymentId,
      releasedAt: isoInstant(ctx.now),
      outcome: command.data.outcome,
    },
  });
}

export const repaymentGuardDecider: Decider<
  RepaymentGuardCommand,
  RepaymentGuardEvent,
  RepaymentGuardState,
  RepaymentGuardDecision
> = {
  initialState: initialRepaymentGuardState,
  evolve: evolveRepaymentGuard,
  decide: decideRepaymentGuard,
  schemaVersions: REPAYMENT_GUARD_EVENT_SCHEMA_VERSIONS,
};
