import type { EventStore } from '@lib/event-store';
import { handleCommand } from '@lib/event-store/command/handle-command';
import {
  REPAYMENT_GUARD_EVENT_SCHEMA_VERSIONS,
  decideRepaymentGuard,
  evolveRepaymentGuard,
  initialRepaymentGuardState,
  repaymentGuardStreamId,
  repaymentReleaseFor,
  type DecisionContext,
  type HoldRepayment,
  type PaymentState,
  type ReleaseRepayment,
  type RepaymentGuardEvent,
} from '@lib/ledger';
import type { CommandMeta } from '../shared/command-meta';
import type { LedgerContext } from '../shared/ledger-context.service';
import { refusalProblem } from '../shared/refusal.problem';

const guardEvolver = { initialState: initialRepaymentGuardState, evolve: evolveRepaymentGuard };

/**
 * The original payment's repayment guard (R12), one stream per original appended with the
 * expected revision: of simultaneous repayment requests of one original, exactly one can take the
 * hold; the others answer 409 REPAYMENT_NOT_ALLOWED / REPAYMENT_PENDING. A plain class over the
 * event store and the ledger context (both provided wherever the payer guard is), so the command
 * and both follow-up paths share it without a module of their own.
 */
export class RepaymentGuard {
  constructor(
    private readonly store: EventStore,
    private readonly ledger: LedgerContext,
  ) {}

  /** Takes the hold, or throws REPAYMENT_NOT_ALLOWED / REPAYMENT_PENDING. */
  async hold(command: HoldRepayment, ctx: DecisionContext, meta: CommandMeta): Promise<void> {
    const handled = await handleCommand(
      this.store,
      repaymentGuardStreamId(command.data.originalPaymentId),
      guardEvolver,
      (state) => {
        const decision = decideRepaymentGuard(command, state, ctx);
        return { events: decision.events, result: decision.refusal };
      },
      { metadataFor: (event) => this.metadata(event, meta) },
    );
    if (handled.result !== undefined) throw refusalProblem(handled.result);
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
    const ctx = this.ledger.decisionContext(meta);
    await handleCommand(
      this.store,
      repaymentGuardStreamId(originalPaymentId),
      guardEvolver,
      (state) => ({ events: decideRepaymentGuard(command, state, ctx).events, result: undefined }),
      { metadataFor: (event) => this.metadata(event, meta) },
    );
  }

  private metadata(event: RepaymentGuardEvent, meta: CommandMeta) {
    return this.ledger.eventMetadata(meta, REPAYMENT_GUARD_EVENT_SCHEMA_VERSIONS[event.type]);
  }
}
