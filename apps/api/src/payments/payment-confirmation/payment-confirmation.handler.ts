import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isoInstant, paymentNotFound } from '@lib/ledger';
import { ProblemException } from '../../http/problem/problem.exception';
import { LedgerContext } from '@lib/commands';
import { PaymentStore } from '@lib/payments';
import { refusalProblem } from '../../http';
import { confirmationHtml } from './confirmation.html';
import { PaymentConfirmationQuery } from './payment-confirmation.query';

/** R17: only a payment that stands completed (charged, not cancelled) gets a confirmation. */
@QueryHandler(PaymentConfirmationQuery)
export class PaymentConfirmationHandler implements IQueryHandler<PaymentConfirmationQuery, string> {
  constructor(
    private readonly store: PaymentStore,
    private readonly ledger: LedgerContext,
  ) {}

  async execute({ paymentId }: PaymentConfirmationQuery): Promise<string> {
    const state = await this.store.load(paymentId);
    if (state.status === 'NONE') throw refusalProblem(paymentNotFound());
    if (state.status !== 'COMPLETED') {
      throw new ProblemException(409, {
        code: 'CONFIRMATION_NOT_AVAILABLE',
        title: 'Only a completed payment has a confirmation',
        message: '결제완료된 건만 결제확인서를 출력할 수 있습니다.',
        detail: `The payment is ${state.status}`,
      });
    }
    return confirmationHtml(state, isoInstant(this.ledger.now()));
  }
}
