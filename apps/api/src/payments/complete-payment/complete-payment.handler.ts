import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCompletions } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { CompletePaymentCommand } from './complete-payment.command';

/** R3, R3a, R4, R22, R23: the PG's approval, through libs/payments (PaymentCompletions). */
@CommandHandler(CompletePaymentCommand)
export class CompletePaymentHandler implements ICommandHandler<
  CompletePaymentCommand,
  PaymentView
> {
  constructor(
    private readonly completions: PaymentCompletions,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, body, meta }: CompletePaymentCommand): Promise<PaymentView> {
    const payment = await this.completions.complete(
      paymentId,
      {
        pgTransactionId: body.pgTransactionId,
        approvedAmountKrw: body.approvedAmount,
        approvedAt: body.approvedAt,
        certificateVerified: body.certificateVerified,
      },
      meta,
    );
    return this.presenter.present(payment, meta);
  }
}
