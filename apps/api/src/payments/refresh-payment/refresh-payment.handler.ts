import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { RefreshPaymentCommand } from './refresh-payment.command';

@CommandHandler(RefreshPaymentCommand)
export class RefreshPaymentHandler implements ICommandHandler<RefreshPaymentCommand, PaymentView> {
  constructor(
    private readonly payments: PaymentCommands,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, meta }: RefreshPaymentCommand): Promise<PaymentView> {
    return this.presenter.present(
      await this.payments.execute(paymentId, { type: 'RefreshPayment', data: {} }, meta),
      meta,
    );
  }
}
