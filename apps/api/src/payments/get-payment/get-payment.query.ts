import { Query } from '@nestjs/cqrs';
import type { PaymentView } from '../shared/payment.representation';

export class GetPaymentQuery extends Query<PaymentView> {
  constructor(readonly paymentId: string) {
    super();
  }
}
