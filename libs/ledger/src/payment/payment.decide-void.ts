/**
 * Voids of approvals the ledger refused (R22, R23), after their start was recorded with the
 * refusal. Invariants:
 * - a void ends once: PaymentApprovalVoided, and the same answer again records nothing;
 * - a refused or unanswered void records nothing until the reconcilers' patience runs out; then
 *   PaymentNeedsAttention, once;
 * - an approval recorded before voids existed (LatePaymentApprovalReceived, or the PG transaction
 *   of a refused approval's PaymentFailed) gets its void started once, by the void process.
 */
import { invariant } from '../assert';
import { isoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept } from '../decision';
import type {
  RecordApprovalVoided,
  RecordApprovalVoidUnsettled,
  StartLegacyApprovalVoid,
} from './payment.commands';
import { pastPatience } from './payment.decide-cancellation';
import { voidStarted, type Approval } from './payment.decide-completion';
import type { PaymentDecision } from './payment.decide';
import type { PaymentApprovalVoidStarted, VoidReason } from './payment.events';
import type { ApprovalVoid, PaymentState } from './payment.state';

type ExistingPayment = Exclude<PaymentState, { status: 'NONE' }>;

export function decideApprovalVoided(
  command: RecordApprovalVoided,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { pgTransactionId, pgVoidId } = command.data;
  const started = startedVoid(state, pgTransactionId);
  if (started.voidedAt !== null) return accept(); // the same answer twice
  return accept({
    type: 'PaymentApprovalVoided',
    data: { paymentId: state.paymentId, pgTransactionId, pgVoidId, voidedAt: isoInstant(ctx.now) },
  });
}

export function decideApprovalVoidUnsettled(
  command: RecordApprovalVoidUnsettled,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const { pgTransactionId, pgCode, pgMessage } = command.data;
  const started = startedVoid(state, pgTransactionId);
  if (started.voidedAt !== null || started.attention !== null) return accept();
  if (!pastPatience(started.startedAt, ctx)) return accept(); // tried again later
  return accept({
    type: 'PaymentNeedsAttention',
    data: {
      paymentId: state.paymentId,
      subject: 'VOID',
      reference: pgTransactionId,
      reason: pgCode === null ? 'PG_UNANSWERED' : 'VOID_REFUSED',
      pgCode,
      pgMessage,
      since: isoInstant(ctx.now),
    },
  });
}

/** An approval recorded before R22 that moved money at the PG, and the status it arrived at. */
export interface LegacyApproval extends Approval {
  readonly statusAtReceipt: VoidStatusAtReceipt;
  /** What the approval was refused as, so a replay still gets the first answer. */
  readonly reason: VoidReason;
}

type VoidStatusAtReceipt = PaymentApprovalVoidStarted['data']['statusAtReceipt'];

/** The approvals of this payment that moved money at the PG and have no void yet (before R22). */
export function legacyApprovalsToVoid(state: PaymentState): LegacyApproval[] {
  if (state.status === 'NONE' || state.status === 'REQUESTED') return [];
  const voided = new Set(state.voids.map((started) => started.pgTransactionId));
  // A refused approval's own failure first: a later repeat recorded as late says less of it.
  const approvals: LegacyApproval[] = [];
  const { failure } = state.status === 'FAILED' ? state : { failure: null };
  if (failure?.pgTransactionId != null && failure.approvedAmountKrw !== null) {
    approvals.push({
      pgTransactionId: failure.pgTransactionId,
      approvedAmountKrw: failure.approvedAmountKrw,
      approvedAt: failure.failedAt,
      statusAtReceipt: 'REQUESTED',
      reason:
        failure.reason === 'DECLINED' || failure.reason === 'EXPIRED'
          ? 'NOT_REQUESTED'
          : failure.reason,
    });
  }
  approvals.push(
    ...state.lateApprovals.map((late) => ({ ...late, reason: 'NOT_REQUESTED' as const })),
  );
  const seen = new Set<string>();
  return approvals.filter(({ pgTransactionId }) => {
    const fresh = !voided.has(pgTransactionId) && !seen.has(pgTransactionId);
    seen.add(pgTransactionId);
    return fresh;
  });
}

export function decideLegacyApprovalVoid(
  command: StartLegacyApprovalVoid,
  state: ExistingPayment,
  ctx: DecisionContext,
): PaymentDecision {
  const approval = legacyApprovalsToVoid(state).find(
    (candidate) => candidate.pgTransactionId === command.data.pgTransactionId,
  );
  if (approval === undefined) return accept(); // started already
  const { statusAtReceipt, reason, ...approved } = approval;
  return accept(voidStarted(state.paymentId, approved, reason, statusAtReceipt, ctx));
}

function startedVoid(state: ExistingPayment, pgTransactionId: string): ApprovalVoid {
  const started =
    state.status === 'REQUESTED'
      ? undefined
      : state.voids.find((candidate) => candidate.pgTransactionId === pgTransactionId);
  invariant(
    started !== undefined,
    `A void answer for ${pgTransactionId}, whose void never started`,
  );
  return started;
}
