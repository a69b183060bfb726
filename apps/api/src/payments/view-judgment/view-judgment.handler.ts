import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '../shared/payment-commands.service';
import type { PaymentView } from '../shared/payment.representation';
import { ViewJudgmentCommand } from './view-judgment.command';

@CommandHandler(ViewJudgmentCommand)
export class ViewJudgmentHandler implements ICommandHandler<ViewJudgmentCommand, PaymentView> {
  constructor(private readonly payments: PaymentCommands) {}

  execute({ paymentId, itemId, meta }: ViewJudgmentCommand): Promise<PaymentView> {
    return this.payments.execute(paymentId, { type: 'ViewJudgment', data: { itemId } }, meta);
  }
}
