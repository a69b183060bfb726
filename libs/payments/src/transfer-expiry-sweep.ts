import { Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import { LIMITS } from '@lib/limits';
import { ReadModels, listDueTransfers } from '@lib/projections';
import { PaymentFollowUps } from './payment-follow-ups';
import { PaymentStore } from './payment-store';

/**
 * The R5 sweep's work: every bank transfer still REQUESTED at or after its deadline becomes FAILED
 * with reason EXPIRED, then its follow-ups run (the payer's guard is released, R6). Driven by the
 * log (the read model's due list) and the clock alone, so a run after any downtime expires every
 * transfer that fell due meanwhile. Called by the scheduler and by the test clock.
 *
 * The due list comes from this replica's read model, which may lag the log; the decision does not:
 * ExpirePayment is decided on the payment's stream and changes nothing on a payment that is no
 * longer REQUESTED or not yet due, so a stale list, a second run or a run on another replica
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
    const tried = new Set<string>();
    const expired: string[] = [];
    for (;;) {
      // Read-your-writes on the read model: transfers requested (or completed) just before count.
      await this.readModels.catchUpWithLog();
      const page = listDueTransfers(this.readModels.db, nowMs, pageSize);
      const fresh = page.filter((paymentId) => !tried.has(paymentId));
      for (const paymentId of fresh) {
        tried.add(paymentId);
        if (await this.expire(paymentId, meta)) expired.push(paymentId);
      }
      // A full page may hide more; one with nothing new means the rest stayed as it was.
      if (page.length < pageSize || fresh.length === 0) return expired;
    }
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
