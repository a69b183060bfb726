import { Query } from '@nestjs/cqrs';
import type { PaymentAsOfView } from './payment-as-of.representation';

export class PaymentAsOfQuery extends Query<PaymentAsOfView> {
  constructor(
    readonly paymentId: string,
    /** As sent: the handler checks it against the clock. */
    readonly asOf: string,
  ) {
    super();
  }
}
