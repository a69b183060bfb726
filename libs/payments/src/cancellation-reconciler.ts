import { Inject, Injectable } from '@nestjs/common';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { PAYMENT_GATEWAY, type CancellationStatus, type PaymentGateway } from '@lib/gateway';
import { parseIsoInstant, type PaymentCommand } from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { ReadModels, listDueCancellations, type DueCancellation } from '@lib/projections';
import { drainDue } from './drain-due';
import { PaymentCommands } from './payment-commands';
import { PaymentStore } from './payment-store';

const PAGE_SIZE = LIMITS.transfers.dueTransfersPageSize;

/** R21: what the ledger records when the PG has no record of the key (the call never reached it). */
export const PG_NO_RECORD = {
  pgCode: 'PG_NO_RECORD',
  pgMessage:
    '결제대행사에 취소 요청 기록이 없어 결제취소가 되지 않았습니다. 다시 결제취소를 해 주십시오.',
} as const;

/**
 * R21: no cancellation is forgotten. Every run looks at the CANCELLING payments whose cancellation
 * started longer ago than the PG call's deadline plus a margin (never at a call that may still be
 * in flight in another process), asks the PG about the key (which fences it) and records what it
 * says: refunded → PaymentCancelled; refused, or no record → PaymentCancellationFailed (COMPLETED
 * again); no answer → nothing, until the reconcilers' patience runs out → PaymentNeedsAttention.
 * Driven by the log (the read model's list) and the clock, decided on each payment's stream, so a
 * restart, a stale list or a second worker changes nothing twice.
 */
@Injectable()
export class CancellationReconciler {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly readModels: ReadModels,
    private readonly ledger: LedgerContext,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  /** Returns the cancellations this run settled (refunded or failed). */
  async reconcileDue(meta: CommandMeta): Promise<DueCancellation[]> {
    return drainDue(
      async () => {
        await this.readModels.catchUpWithLog();
        return listDueCancellations(this.readModels.db, this.startedBeforeMs(), PAGE_SIZE);
      },
      ({ paymentId }) => paymentId,
      (due) => this.reconcile(due, meta),
      PAGE_SIZE,
    );
  }

  /** Asks about one cancellation and records the answer; true when its outcome is now recorded. */
  async reconcile(
    { paymentId, cancellationId }: DueCancellation,
    meta: CommandMeta,
  ): Promise<boolean> {
    const state = await this.store.load(paymentId);
    if (state.status !== 'CANCELLING' || state.cancellation.cancellationId !== cancellationId) {
      return false; // settled meanwhile
    }
    const startedAt = parseIsoInstant(state.cancellation.startedAt);
    if (startedAt === null || startedAt.toMillis() > this.startedBeforeMs()) return false;
    const status = await this.ask(cancellationId);
    const command = commandFor(cancellationId, status);
    try {
      await this.payments.execute(paymentId, command, meta, {
        maxAttempts: LIMITS.commands.recordPgOutcomeAttempts,
      });
    } catch (error) {
      // The refusal the request would have answered; here it is only the recorded outcome.
      if (!(error instanceof RefusedError && error.refusal.code === 'PG_CANCEL_FAILED'))
        throw error;
    }
    return command.type !== 'RecordCancellationUnanswered';
  }

  private startedBeforeMs(): number {
    return (
      this.ledger.now().toMillis() - LIMITS.gateway.cancelDeadlineMs - LIMITS.reconcile.marginMs
    );
  }

  private async ask(
    cancellationId: string,
  ): Promise<CancellationStatus | { status: 'UNANSWERED'; detail: string }> {
    try {
      return await this.gateway.cancellationStatus(cancellationId);
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'The PG could not be asked';
      return { status: 'UNANSWERED', detail: detail.slice(0, 200) };
    }
  }
}

function commandFor(
  cancellationId: string,
  answer: CancellationStatus | { status: 'UNANSWERED'; detail: string },
): PaymentCommand {
  switch (answer.status) {
    case 'REFUNDED':
      return {
        type: 'RecordCancellationSuccess',
        data: { cancellationId, pgCancelTransactionId: answer.pgCancelId },
      };
    case 'REFUSED':
      return {
        type: 'RecordCancellationFailure',
        data: { cancellationId, pgCode: answer.pgCode, pgMessage: answer.pgMessage },
      };
    case 'NO_RECORD':
      return { type: 'RecordCancellationFailure', data: { cancellationId, ...PG_NO_RECORD } };
    case 'UNANSWERED':
      return {
        type: 'RecordCancellationUnanswered',
        data: { cancellationId, detail: answer.detail },
      };
  }
}
