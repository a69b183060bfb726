import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';

export class ViewJudgmentCommand extends Command<PaymentView> {
  constructor(
    readonly paymentId: string,
    readonly itemId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
