import { Inject, Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import { PAYMENT_GATEWAY, type PaymentGateway, type VoidAnswer } from '@lib/gateway';
import { legacyApprovalsToVoid, type PaymentEvent } from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { ReadModels, listApprovalsToVoid, listDueVoids, type DueVoid } from '@lib/projections';
import { drainDue } from './drain-due';
import { PaymentStore } from './payment-store';

const PAGE_SIZE = LIMITS.transfers.dueTransfersPageSize;

/**
 * R22, R23: an approval the ledger refused is given back at the PG. Intent before effect: the void
 * started in the same append as the refusal (PaymentApprovalVoidStarted); then the PG is asked to
 * void it, idempotent by the approval's PG transaction id, so asking again (after a crash, or from
 * the reconciler in another process) never voids twice; then PaymentApprovalVoided. A refused or
 * unanswered void is tried again by the reconciler until its patience runs out, and then needs a
 * person (PaymentNeedsAttention, GET /v1/support/attention).
 */
@Injectable()
export class ApprovalVoids {
  constructor(
    private readonly store: PaymentStore,
    private readonly readModels: ReadModels,
    private readonly ledger: LedgerContext,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  /** Voids, now, every approval whose void these just-appended events started. */
  async afterAppend(events: readonly PaymentEvent[], meta: CommandMeta): Promise<void> {
    for (const event of events) {
      if (event.type === 'PaymentApprovalVoidStarted') {
        await this.voidApproval(event.data.paymentId, event.data.pgTransactionId, meta);
      }
    }
  }

  /** Asks the PG to void the approval and records its answer; true when it was voided now. */
  async voidApproval(
    paymentId: string,
    pgTransactionId: string,
    meta: CommandMeta,
  ): Promise<boolean> {
    const state = await this.store.load(paymentId);
    const started =
      state.status === 'NONE' || state.status === 'REQUESTED'
        ? undefined
        : state.voids.find((candidate) => candidate.pgTransactionId === pgTransactionId);
    if (started === undefined || started.voidedAt !== null) return false;
    const answer = await this.ask(paymentId, pgTransactionId, started.approvedAmountKrw);
    const outcome = await this.store.decideAndAppend(
      paymentId,
      answer.outcome === 'VOIDED'
        ? { type: 'RecordApprovalVoided', data: { pgTransactionId, pgVoidId: answer.pgVoidId } }
        : {
            type: 'RecordApprovalVoidUnsettled',
            data: {
              pgTransactionId,
              pgCode: answer.outcome === 'REFUSED' ? answer.pgCode : null,
              pgMessage: answer.outcome === 'REFUSED' ? answer.pgMessage : answer.detail,
            },
          },
      meta,
      { maxAttempts: LIMITS.commands.recordPgOutcomeAttempts },
    );
    return outcome.decision.events.some((event) => event.type === 'PaymentApprovalVoided');
  }

  /**
   * The void reconciler's run: voids whose call ended without an answer (or whose process died)
   * and approvals refused before voids existed. Returns the approvals it voided.
   */
  async reconcileDue(meta: CommandMeta): Promise<DueVoid[]> {
    const { cancelDeadlineMs } = LIMITS.gateway;
    const startedBeforeMs =
      this.ledger.now().toMillis() - cancelDeadlineMs - LIMITS.reconcile.marginMs;
    const legacy = await drainDue(
      async () => {
        await this.readModels.catchUpWithLog();
        return listApprovalsToVoid(this.readModels.db, PAGE_SIZE);
      },
      keyOf,
      (entry) => this.startLegacyVoid(entry, meta),
      PAGE_SIZE,
    );
    const voided = await drainDue(
      async () => {
        await this.readModels.catchUpWithLog();
        return listDueVoids(this.readModels.db, startedBeforeMs, PAGE_SIZE);
      },
      keyOf,
      ({ paymentId, pgTransactionId }) => this.voidApproval(paymentId, pgTransactionId, meta),
      PAGE_SIZE,
    );
    return [...legacy, ...voided];
  }

  private async startLegacyVoid(entry: DueVoid, meta: CommandMeta): Promise<boolean> {
    const { paymentId, pgTransactionId } = entry;
    const state = await this.store.load(paymentId);
    if (
      !legacyApprovalsToVoid(state).some((approval) => approval.pgTransactionId === pgTransactionId)
    ) {
      return false;
    }
    await this.store.decideAndAppend(
      paymentId,
      { type: 'StartLegacyApprovalVoid', data: { pgTransactionId } },
      meta,
    );
    return this.voidApproval(paymentId, pgTransactionId, meta);
  }

  private async ask(
    paymentId: string,
    pgTransactionId: string,
    amountKrw: number,
  ): Promise<VoidAnswer | { readonly outcome: 'UNANSWERED'; readonly detail: string }> {
    try {
      return await this.gateway.voidApproval({ pgTransactionId, paymentId, amountKrw });
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'The PG call failed';
      return { outcome: 'UNANSWERED', detail: detail.slice(0, 200) };
    }
  }
}

function keyOf({ paymentId, pgTransactionId }: DueVoid): string {
  return `${paymentId}\n${pgTransactionId}`;
}
