import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';
import type { FailPaymentDto } from './fail-payment.dto';

export class FailPaymentCommand extends Command<PaymentView> {
  constructor(
    readonly paymentId: string,
    readonly body: FailPaymentDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
