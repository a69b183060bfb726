import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { paymentNotFound } from '@lib/ledger';
import { PaymentPresenter } from '../shared/payment-presenter.service';
import { PaymentStore } from '@lib/payments';
import type { PaymentView } from '../shared/payment.representation';
import { refusalProblem } from '../../http';
import { GetPaymentQuery } from './get-payment.query';

/** Folds the payment's own stream: always current, whatever the read models' lag. */
@QueryHandler(GetPaymentQuery)
export class GetPaymentHandler implements IQueryHandler<GetPaymentQuery, PaymentView> {
  constructor(
    private readonly store: PaymentStore,
    private readonly presenter: PaymentPresenter,
  ) {}

  async execute({ paymentId }: GetPaymentQuery): Promise<PaymentView> {
    const state = await this.store.load(paymentId);
    if (state.status === 'NONE') throw refusalProblem(paymentNotFound());
    return this.presenter.present(state);
  }
}
