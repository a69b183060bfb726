import { Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import { LIMITS } from '@lib/limits';
import { ReadModels, listDueTransfers } from '@lib/projections';
import { drainDue } from './drain-due';
import { PaymentFollowUps } from './payment-follow-ups';
import { PaymentStore } from './payment-store';

/**
 * The R5 sweep's work: every bank transfer still REQUESTED at or after its deadline becomes FAILED
 * with reason EXPIRED, then its follow-ups run (the payer's guard is released, R6). Driven by the
 * log (the read model's due list) and the clock alone, so a run after any downtime expires every
 * transfer that fell due meanwhile. Called by the worker's schedule and by the test clock.
 *
 * The due list comes from this process's read model, which may lag the log; the decision does not:
 * ExpirePayment is decided on the payment's stream and changes nothing on a payment that is no
 * longer REQUESTED or not yet due, so a stale list, a second run or a run in another process
 * appends nothing more.
 */
@Injectable()
export class TransferExpirySweep {
  constructor(
    private readonly readModels: ReadModels,
    private readonly payments: PaymentStore,
    private readonly followUps: PaymentFollowUps,
    private readonly ledger: LedgerContext,
  ) {}

  /** Expires what is due and returns the ids of the payments this run expired, oldest first. */
  async runOnce(meta: CommandMeta): Promise<string[]> {
    const nowMs = this.ledger.now().toMillis();
    const pageSize = LIMITS.transfers.dueTransfersPageSize;
    return drainDue(
      async () => {
        // Read-your-writes on the read model: transfers requested (or completed) just before count.
        await this.readModels.catchUpWithLog();
        return listDueTransfers(this.readModels.db, nowMs, pageSize);
      },
      (paymentId) => paymentId,
      (paymentId) => this.expire(paymentId, meta),
      pageSize,
    );
  }

  private async expire(paymentId: string, meta: CommandMeta): Promise<boolean> {
    const outcome = await this.payments.decideAndAppend(
      paymentId,
      { type: 'ExpirePayment', data: {} },
      meta,
    );
    if (outcome.decision.events.length === 0) return false;
    // Inline, as after any command; the follow-up reactor repeats it if we die right here.
    await this.followUps.after(outcome.state, meta);
    return true;
  }
}
