import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCancellations } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { CancelPaymentCommand } from './cancel-payment.command';

/** R9–R13, R19: the cancellation process lives in libs/payments (PaymentCancellations). */
@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<CancelPaymentCommand, PaymentView> {
  constructor(
    private readonly cancellations: PaymentCancellations,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, meta }: CancelPaymentCommand): Promise<PaymentView> {
    return this.presenter.present(await this.cancellations.cancel(paymentId, meta));
  }
}
