import { Inject, Injectable } from '@nestjs/common';
import { RefusedError, type CommandMeta } from '@lib/commands';
import { SCHEDULER, type Scheduler } from '@lib/common';
import { PAYMENT_GATEWAY, cancelWithin, type PaymentGateway } from '@lib/gateway';
import { completedOn, invariant, type PaymentState, type ReservationOutcome } from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { CancellationFence, SettlementCalendar } from '@lib/settlement';
import { PaymentCommands } from './payment-commands';
import { PaymentStore } from './payment-store';

/**
 * R9–R13, R19 in three steps: the domain checks the rules (appending nothing), the PG cancels, and
 * the PG's answer is recorded as a fact: PaymentCancelled, or PaymentCancellationFailed and the
 * PG_CANCEL_FAILED refusal (the payment stays COMPLETED and the payer may try again).
 *
 * R19 and the midnight race (docs/adr/0005): the PG is called only under a reservation on the
 * settlement stream of the day the payment completed. A close that started first refuses the
 * reservation (SETTLED, and the PG is never called); a close that starts later waits until the
 * outcome is recorded and the reservation released, so its report counts that outcome.
 */
@Injectable()
export class PaymentCancellations {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
    private readonly fence: CancellationFence,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {}

  async cancel(paymentId: string, meta: CommandMeta): Promise<PaymentState> {
    const day = completedOn(await this.store.load(paymentId));
    const settlementClosed = day === null ? false : await this.calendar.isClosed(day);
    const { decision } = await this.store.run(
      paymentId,
      { type: 'CancelPayment', data: { settlementClosed } },
      meta,
    );
    const cancellation = decision.refusal === undefined ? decision.gatewayCancellation : undefined;
    invariant(
      cancellation !== undefined && day !== null,
      'An accepted cancellation names its PG cancellation and its day',
    );

    const reservation = await this.fence.reserve(day, paymentId, meta);
    let released: ReservationOutcome = 'UNKNOWN';
    try {
      const outcome = await cancelWithin(
        this.gateway,
        { paymentId, ...cancellation },
        this.scheduler,
      );
      const state = await this.payments.execute(
        paymentId,
        outcome.outcome === 'CANCELLED'
          ? {
              type: 'RecordCancellationSuccess',
              data: { pgCancelTransactionId: outcome.pgCancelId },
            }
          : {
              type: 'RecordCancellationFailure',
              data: { pgCode: outcome.pgCode, pgMessage: outcome.pgMessage },
            },
        meta,
        // The PG's answer is a fact the ledger must record: outlast any burst of concurrent writes.
        { maxAttempts: LIMITS.commands.recordPgOutcomeAttempts },
      );
      released = state.status === 'CANCELLED' ? 'CANCELLED' : 'NOT_CANCELLED';
      return state;
    } catch (error) {
      // PG_CANCEL_FAILED is thrown after the failure is recorded: the payment stays COMPLETED.
      if (error instanceof RefusedError && error.refusal.code === 'PG_CANCEL_FAILED') {
        released = 'NOT_CANCELLED';
      }
      throw error;
    } finally {
      // After the outcome is in the log, never before: a close that sees the release sees it too.
      await this.fence.release(reservation, released, meta);
    }
  }
}
