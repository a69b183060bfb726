import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { completedOn, type ReservationOutcome } from '@lib/ledger';
import { PAYMENT_GATEWAY, cancelWithin, type PaymentGateway } from '@lib/gateway';
import { ProblemException } from '../../http';
import { CancellationFence } from '../../settlements/shared/cancellation-fence.service';
import { PaymentCommands } from '../shared/payment-commands.service';
import { PaymentStore } from '../shared/payment-store.service';
import type { PaymentView } from '../shared/payment.representation';
import { refusalProblem } from '../shared/refusal.problem';
import { SettlementCalendar } from '../shared/settlement-calendar.service';
import { CancelPaymentCommand } from './cancel-payment.command';

/**
 * R9–R13, R19 in three steps: the domain checks the rules (appending nothing), the PG cancels, and
 * the PG's answer is recorded as a fact: PaymentCancelled, or PaymentCancellationFailed and a 502
 * (the payment stays COMPLETED and the payer may try again).
 *
 * R19 and the midnight race (docs/adr/0005): the PG is called only under a reservation on the
 * settlement stream of the day the payment completed. A close that started first refuses the
 * reservation (SETTLED, and the PG is never called); a close that starts later waits until the
 * outcome is recorded and the reservation released, so its report counts that outcome.
 */
const RECORD_PG_OUTCOME_ATTEMPTS = 25;

@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<CancelPaymentCommand, PaymentView> {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
    private readonly fence: CancellationFence,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async execute({ paymentId, meta }: CancelPaymentCommand): Promise<PaymentView> {
    const day = completedOn(await this.store.load(paymentId));
    const settlementClosed = day === null ? false : await this.calendar.isClosed(day);
    const checked = await this.store.decideAndAppend(
      paymentId,
      { type: 'CancelPayment', data: { settlementClosed } },
      meta,
    );
    const { decision } = checked;
    if (decision.refusal !== undefined) throw refusalProblem(decision.refusal);
    const cancellation = decision.gatewayCancellation;
    if (cancellation === undefined || day === null)
      throw new Error('An accepted cancellation names its PG cancellation and its day');

    const reservation = await this.fence.reserve(day, paymentId, meta);
    let released: ReservationOutcome = 'UNKNOWN';
    try {
      const outcome = await cancelWithin(this.gateway, { paymentId, ...cancellation });
      const view = await this.payments.execute(
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
        { maxAttempts: RECORD_PG_OUTCOME_ATTEMPTS },
      );
      released = view.status === 'CANCELLED' ? 'CANCELLED' : 'NOT_CANCELLED';
      return view;
    } catch (error) {
      // PG_CANCEL_FAILED is thrown after the failure is recorded: the payment stays COMPLETED.
      if (error instanceof ProblemException && error.problem.code === 'PG_CANCEL_FAILED') {
        released = 'NOT_CANCELLED';
      }
      throw error;
    } finally {
      // After the outcome is in the log, never before: a close that sees the release sees it too.
      await this.fence.release(reservation, released, meta);
    }
  }
}
