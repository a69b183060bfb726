import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PaymentCommands } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { ViewJudgmentCommand } from './view-judgment.command';

@CommandHandler(ViewJudgmentCommand)
export class ViewJudgmentHandler implements ICommandHandler<ViewJudgmentCommand, PaymentView> {
  constructor(
    private readonly payments: PaymentCommands,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, itemId, meta }: ViewJudgmentCommand): Promise<PaymentView> {
    return this.presenter.present(
      await this.payments.execute(paymentId, { type: 'ViewJudgment', data: { itemId } }, meta),
      meta,
    );
  }
}
