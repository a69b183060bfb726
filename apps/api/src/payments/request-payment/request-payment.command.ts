import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';
import type { RequestPaymentDto } from './request-payment.dto';

export class RequestPaymentCommand extends Command<PaymentView> {
  constructor(
    readonly body: RequestPaymentDto,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
