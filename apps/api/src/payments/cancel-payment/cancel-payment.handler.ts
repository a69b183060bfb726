import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCancellations } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import { CancelPaymentCommand, type CancellationAnswer } from './cancel-payment.command';

/** R9–R13, R19–R21: the cancellation process lives in libs/payments (PaymentCancellations). */
@CommandHandler(CancelPaymentCommand)
export class CancelPaymentHandler implements ICommandHandler<
  CancelPaymentCommand,
  CancellationAnswer
> {
  constructor(
    private readonly cancellations: PaymentCancellations,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, meta }: CancelPaymentCommand): Promise<CancellationAnswer> {
    const { state, settled } = await this.cancellations.cancel(paymentId, meta);
    return { payment: await this.presenter.present(state, meta), settled };
  }
}
