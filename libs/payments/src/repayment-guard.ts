import { Inject, Injectable } from '@nestjs/common';
import { AggregateStreams, LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import {
  decideRepaymentGuard,
  repaymentGuardStreamId,
  repaymentReleaseFor,
  type HoldRepayment,
  type PaymentState,
  type ReleaseRepayment,
  type RepaymentGuardEvent,
  type RepaymentGuardState,
  repaymentGuardDecider,
} from '@lib/ledger';

/**
 * The original payment's repayment guard (R12), one stream per original appended with the
 * expected revision: of simultaneous repayment requests of one original, exactly one can take the
 * hold; the others answer 409 REPAYMENT_NOT_ALLOWED / REPAYMENT_PENDING.
 */
@Injectable()
export class RepaymentGuard {
  private readonly streams: AggregateStreams<RepaymentGuardState, RepaymentGuardEvent>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    ledger: LedgerContext,
  ) {
    this.streams = new AggregateStreams(store, ledger, repaymentGuardDecider);
  }

  /** Every repayment ever held for the original (R23), in the order they were held. */
  async repaymentsOf(originalPaymentId: string): Promise<string[]> {
    const events = await this.store.readStream(repaymentGuardStreamId(originalPaymentId));
    const ids = events.flatMap((event) =>
      event.type === 'RepaymentHeld' ? [(event.data as { repaymentId: string }).repaymentId] : [],
    );
    return [...new Set(ids)];
  }

  /** Takes the hold, or throws REPAYMENT_NOT_ALLOWED / REPAYMENT_PENDING. */
  async hold(command: HoldRepayment, meta: CommandMeta): Promise<void> {
    const { decision } = await this.streams.run(
      repaymentGuardStreamId(command.data.originalPaymentId),
      (state, ctx) => decideRepaymentGuard(command, state, ctx),
      meta,
    );
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
  }

  /** Ends the hold of a repayment that has an outcome; nothing for other payments. */
  async releaseFor(payment: PaymentState, meta: CommandMeta): Promise<void> {
    const release = repaymentReleaseFor(payment);
    if (release === null) return;
    await this.release(release.originalPaymentId, release.command, meta);
  }

  /** Ends the hold; a no-op unless `command`'s repayment holds the guard now. */
  async release(
    originalPaymentId: string,
    command: ReleaseRepayment,
    meta: CommandMeta,
  ): Promise<void> {
    await this.streams.run(
      repaymentGuardStreamId(originalPaymentId),
      (state, ctx) => decideRepaymentGuard(command, state, ctx),
      meta,
    );
  }
}
