import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { completedOn, planRepayment } from '@lib/ledger';
import { LedgerContext } from '../shared/ledger-context.service';
import { NewPayments } from '../shared/new-payments.service';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import { PaymentStore } from '../shared/payment-store.service';
import type { PaymentView } from '../shared/payment.representation';
import { refusalProblem } from '../shared/refusal.problem';
import { SettlementCalendar } from '../shared/settlement-calendar.service';
import { RepayPaymentCommand } from './repay-payment.command';

/** R12: a new payment, by the same payer, for exactly the viewed items of the original. */
@CommandHandler(RepayPaymentCommand)
export class RepayPaymentHandler implements ICommandHandler<RepayPaymentCommand, PaymentView> {
  constructor(
    private readonly store: PaymentStore,
    private readonly newPayments: NewPayments,
    private readonly calendar: SettlementCalendar,
    private readonly ledger: LedgerContext,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId, body, meta }: RepayPaymentCommand): Promise<PaymentView> {
    const original = await this.store.load(paymentId);
    const day = completedOn(original);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    const plan = planRepayment(
      original,
      {
        paymentId: randomUUID(),
        method: body.method,
        cardIssuer: body.cardIssuer ?? null,
        bankCode: body.bankCode ?? null,
      },
      this.ledger.now(),
      closed,
    );
    if (plan.refusal !== undefined) throw refusalProblem(plan.refusal);
    return this.presenter.present(await this.newPayments.open(plan.command, meta));
  }
}
