import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { completedOn } from '@lib/ledger';
import { PAYMENT_GATEWAY, type CancelOutcome, type PaymentGateway } from '@lib/gateway';
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
 */
@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<CancelPaymentCommand, PaymentView> {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
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
    if (cancellation === undefined)
      throw new Error('An accepted cancellation names its PG cancellation');

    const outcome = await this.cancelAtGateway(paymentId, cancellation);
    return this.payments.execute(
      paymentId,
      outcome.outcome === 'CANCELLED'
        ? { type: 'RecordCancellationSuccess', data: { pgCancelTransactionId: outcome.pgCancelId } }
        : {
            type: 'RecordCancellationFailure',
            data: { pgCode: outcome.pgCode, pgMessage: outcome.pgMessage },
          },
      meta,
    );
  }

  /** A gateway that throws has not cancelled anything we know of: treat it like a timeout. */
  private async cancelAtGateway(
    paymentId: string,
    cancellation: { pgTransactionId: string; amountKrw: number },
  ): Promise<CancelOutcome> {
    try {
      return await this.gateway.cancel({ paymentId, ...cancellation });
    } catch {
      return {
        outcome: 'TIMED_OUT',
        pgCode: 'GATEWAY_ERROR',
        pgMessage: '결제대행사와 통신하지 못했습니다.',
      };
    }
  }
}
