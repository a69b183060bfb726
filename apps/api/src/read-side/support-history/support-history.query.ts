import { Query } from '@nestjs/cqrs';
import type { PaymentHistoryView } from './payment-history.representation';

export class SupportHistoryQuery extends Query<PaymentHistoryView> {
  constructor(readonly paymentId: string) {
    super();
  }
}
