import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { CompletePaymentCommand } from './complete-payment.command';

@CommandHandler(CompletePaymentCommand)
export class CompletePaymentHandler implements ICommandHandler<
  CompletePaymentCommand,
  PaymentView
> {
  constructor(
    private readonly payments: PaymentCommands,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, body, meta }: CompletePaymentCommand): Promise<PaymentView> {
    return this.presenter.present(
      await this.payments.execute(
        paymentId,
        {
          type: 'CompletePayment',
          data: {
            pgTransactionId: body.pgTransactionId,
            approvedAmountKrw: body.approvedAmount,
            approvedAt: body.approvedAt,
            certificateVerified: body.certificateVerified,
          },
        },
        meta,
      ),
    );
  }
}
