import { Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import {
  cancelBlockedReason,
  completedOn,
  type CompletePayment,
  type PaymentState,
} from '@lib/ledger';
import { SettlementCalendar } from '@lib/settlement';
import { PaymentCommands } from './payment-commands';
import { PaymentStore } from './payment-store';

/** The PG's approval as the `complete` route receives it. */
export type Approval = Omit<CompletePayment['data'], 'originalCancellable'>;

/**
 * The PG's approval of a payment (R3, R3a, R4, R22, R23). For a repayment the command carries
 * whether its original can still be cancelled once the views move (only ALREADY_VIEWED may block
 * it now, and the views are what the repayment takes over): when it cannot, the repayment is
 * refused ORIGINAL_NOT_CANCELLABLE and voided, and no view moves, so the payer never pays twice.
 */
@Injectable()
export class PaymentCompletions {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
    private readonly ledger: LedgerContext,
  ) {}

  async complete(paymentId: string, approval: Approval, meta: CommandMeta): Promise<PaymentState> {
    const payment = await this.store.load(paymentId);
    const originalPaymentId =
      payment.status === 'REQUESTED' ? (payment.repaymentOf?.paymentId ?? null) : null;
    const originalCancellable =
      originalPaymentId === null
        ? undefined
        : await this.cancellableAfterRepayment(originalPaymentId);
    return this.payments.execute(
      paymentId,
      {
        type: 'CompletePayment',
        data: {
          ...approval,
          ...(originalCancellable === undefined ? {} : { originalCancellable }),
        },
      },
      meta,
    );
  }

  private async cancellableAfterRepayment(originalPaymentId: string): Promise<boolean> {
    const original = await this.store.load(originalPaymentId);
    const day = completedOn(original);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    const blocked = cancelBlockedReason(original, this.ledger.now(), closed);
    return blocked === null || blocked === 'ALREADY_VIEWED';
  }
}
