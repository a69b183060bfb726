import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { FailPaymentCommand } from './fail-payment.command';

@CommandHandler(FailPaymentCommand)
export class FailPaymentHandler implements ICommandHandler<FailPaymentCommand, PaymentView> {
  constructor(
    private readonly payments: PaymentCommands,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, body, meta }: FailPaymentCommand): Promise<PaymentView> {
    return this.presenter.present(
      await this.payments.execute(
        paymentId,
        { type: 'FailPayment', data: { code: body.code, message: body.message } },
        meta,
      ),
      meta,
    );
  }
}
