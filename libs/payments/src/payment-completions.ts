import { Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import {
  completedOn,
  repaymentMayComplete,
  type CompletePayment,
  type PaymentState,
  type RepaymentOf,
} from '@lib/ledger';
import { SettlementCalendar } from '@lib/settlement';
import { PaymentCommands } from './payment-commands';
import { PaymentStore } from './payment-store';
import { RepaymentGuard } from './repayment-guard';

/** The PG's approval as the `complete` route receives it. */
export type Approval = Omit<CompletePayment['data'], 'originalCancellable'>;

/**
 * The PG's approval of a payment (R3, R3a, R4, R22, R23). For a repayment the command carries
 * whether its original can still be cancelled once the views move (only ALREADY_VIEWED may block
 * it now, and the views are what the repayment takes over): when it cannot, the repayment is
 * refused ORIGINAL_NOT_CANCELLABLE and voided, and no view moves, so the payer never pays twice.
 * The same holds when another repayment of those judgments completed first (R23,
 * `repaymentMayComplete`): its hold may have lapsed while it waited for the PG.
 */
@Injectable()
export class PaymentCompletions {
  constructor(
    private readonly store: PaymentStore,
    private readonly payments: PaymentCommands,
    private readonly calendar: SettlementCalendar,
    private readonly ledger: LedgerContext,
    private readonly guard: RepaymentGuard,
  ) {}

  async complete(paymentId: string, approval: Approval, meta: CommandMeta): Promise<PaymentState> {
    const payment = await this.store.load(paymentId);
    const repaymentOf = payment.status === 'REQUESTED' ? payment.repaymentOf : null;
    const originalCancellable =
      repaymentOf === null ? undefined : await this.mayComplete(paymentId, repaymentOf);
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

  private async mayComplete(repaymentId: string, repaymentOf: RepaymentOf): Promise<boolean> {
    const original = await this.store.load(repaymentOf.paymentId);
    const day = completedOn(original);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    const otherIds = (await this.guard.repaymentsOf(repaymentOf.paymentId)).filter(
      (id) => id !== repaymentId,
    );
    const others = await Promise.all(otherIds.map((id) => this.store.load(id)));
    return repaymentMayComplete(repaymentOf, original, others, this.ledger.now(), closed);
  }
}
