import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';
import type { RepayPaymentDto } from './repay-payment.dto';

export class RepayPaymentCommand extends Command<PaymentView> {
  constructor(
    readonly paymentId: string,
    readonly body: RepayPaymentDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
