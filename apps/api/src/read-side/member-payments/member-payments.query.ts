import { Query } from '@nestjs/cqrs';
import type { PaymentListView } from '../shared/payment-list.representation';

export class MemberPaymentsQuery extends Query<PaymentListView> {
  constructor(
    readonly memberId: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
