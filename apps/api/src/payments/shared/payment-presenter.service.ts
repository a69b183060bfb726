import { Injectable } from '@nestjs/common';
import { cancelBlockedReason, completedOn, type PaymentState } from '@lib/ledger';
import { LedgerContext } from '@lib/commands';
import { paymentView, type PaymentView } from './payment.representation';
import { SettlementCalendar } from '@lib/settlement';

/**
 * Answers a payment as it stands now: `cancellable` is decided at answer time by the same rule the
 * cancel command uses (`cancelBlockedReason`), so it flips at 00:00 KST or at the day's close
 * without any new event.
 */
@Injectable()
export class PaymentPresenter {
  constructor(
    private readonly ledger: LedgerContext,
    private readonly calendar: SettlementCalendar,
  ) {}

  async present(state: PaymentState): Promise<PaymentView> {
    const day = completedOn(state);
    const closed = day === null ? false : await this.calendar.isClosed(day);
    return paymentView(state, cancelBlockedReason(state, this.ledger.now(), closed));
  }
}
