import { Query } from '@nestjs/cqrs';

/** The printable confirmation of a completed payment, as HTML. */
export class PaymentConfirmationQuery extends Query<string> {
  constructor(readonly paymentId: string) {
    super();
  }
}
