import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';
import type { CompletePaymentDto } from './complete-payment.dto';

export class CompletePaymentCommand extends Command<PaymentView> {
  constructor(
    readonly paymentId: string,
    readonly body: CompletePaymentDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
