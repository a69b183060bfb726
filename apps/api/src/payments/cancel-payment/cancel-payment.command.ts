import { Command } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentView } from '../shared/payment.representation';

/** The payment, and whether its cancellation's outcome is known (false: answer 202). */
export interface CancellationAnswer {
  readonly payment: PaymentView;
  readonly settled: boolean;
}

export class CancelPaymentCommand extends Command<CancellationAnswer> {
  constructor(
    readonly paymentId: string,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
