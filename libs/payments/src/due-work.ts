import { Injectable } from '@nestjs/common';
import type { CommandMeta } from '@lib/commands';
import type { BusinessDate } from '@lib/ledger';
import { DueSettlements } from '@lib/settlement';
import { ApprovalVoids } from './approval-voids';
import { CancellationReconciler } from './cancellation-reconciler';
import { TransferExpirySweep } from './transfer-expiry-sweep';

/** What one run of the due work did, by kind. */
export interface DueWorkDone {
  /** Bank transfers this run expired (R5), oldest deadline first. */
  readonly transfersExpired: string[];
  /** Payments whose cancellation this run settled with the PG (R21). */
  readonly cancellationsReconciled: string[];
  /** Approvals this run voided at the PG (R22), as their PG transaction ids. */
  readonly approvalsVoided: string[];
  /** Days whose settlement this run closed (R18), oldest first. */
  readonly settlementsClosed: BusinessDate[];
}

/**
 * Everything the clock makes due, in order: the work the worker's schedules do one kind at a time,
 * run at once after a test-clock move (by the process that moved it, and by a worker that saw the
 * move). Each kind is the same work its schedule runs, so the test clock exercises production code.
 */
@Injectable()
export class DueWork {
  constructor(
    private readonly transfers: TransferExpirySweep,
    private readonly settlements: DueSettlements,
    private readonly cancellations: CancellationReconciler,
    private readonly voids: ApprovalVoids,
  ) {}

  async runAll(meta: CommandMeta): Promise<DueWorkDone> {
    // R5 and R21 before R18: what became known before midnight is in its day's report.
    const transfersExpired = await this.transfers.runOnce(meta);
    const reconciled = await this.cancellations.reconcileDue(meta);
    const voided = await this.voids.reconcileDue(meta);
    const settlementsClosed = await this.settlements.closeDue(meta);
    return {
      transfersExpired,
      cancellationsReconciled: reconciled.map(({ paymentId }) => paymentId),
      approvalsVoided: voided.map(({ pgTransactionId }) => pgTransactionId),
      settlementsClosed,
    };
  }
}
