import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Repayments } from '@lib/payments';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import type { PaymentView } from '../shared/payment.representation';
import { RepayPaymentCommand } from './repay-payment.command';

/** R12: the repayment and its guard live in libs/payments (Repayments). */
@CommandHandler(RepayPaymentCommand)
export class RepayPaymentHandler implements ICommandHandler<RepayPaymentCommand, PaymentView> {
  constructor(
    private readonly repayments: Repayments,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, body, meta }: RepayPaymentCommand): Promise<PaymentView> {
    const repayment = await this.repayments.repay(
      paymentId,
      { method: body.method, cardIssuer: body.cardIssuer ?? null, bankCode: body.bankCode ?? null },
      meta,
    );
    return this.presenter.present(repayment, meta);
  }
}
