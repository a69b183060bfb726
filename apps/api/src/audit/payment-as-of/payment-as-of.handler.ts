import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { auditRecordOf } from '@lib/audit';
import { CLOCK, type Clock } from '@lib/common';
import { paymentNotFound } from '@lib/ledger';
import { PaymentsAsOf } from '@lib/payments';
import { refusalProblem } from '../../http';
import { paymentView } from '../../payments/shared/payment.representation';
import { asOfInstant, asOfText } from '../shared/as-of';
import type { PaymentAsOfView } from './payment-as-of.representation';
import { PaymentAsOfQuery } from './payment-as-of.query';

/** Folds the payment's own stream up to the instant: never a read model. */
@QueryHandler(PaymentAsOfQuery)
export class PaymentAsOfHandler implements IQueryHandler<PaymentAsOfQuery, PaymentAsOfView> {
  constructor(
    private readonly asOf: PaymentsAsOf,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: PaymentAsOfQuery): Promise<PaymentAsOfView> {
    const asOf = asOfInstant(query.asOf, this.clock);
    const payment = await this.asOf.payment(query.paymentId, asOf);
    if (payment.state.status === 'NONE') throw refusalProblem(paymentNotFound());
    return {
      asOf: asOfText(asOf),
      payment: paymentView(payment.state, payment.cancelBlockedReason),
      events: payment.events.map(auditRecordOf),
    };
  }
}
