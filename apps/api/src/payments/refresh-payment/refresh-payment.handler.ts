import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '../shared/payment-commands.service';
import type { PaymentView } from '../shared/payment.representation';
import { RefreshPaymentCommand } from './refresh-payment.command';

@CommandHandler(RefreshPaymentCommand)
export class RefreshPaymentHandler implements ICommandHandler<RefreshPaymentCommand, PaymentView> {
  constructor(private readonly payments: PaymentCommands) {}

  execute({ paymentId, meta }: RefreshPaymentCommand): Promise<PaymentView> {
    return this.payments.execute(paymentId, { type: 'RefreshPayment', data: {} }, meta);
  }
}
