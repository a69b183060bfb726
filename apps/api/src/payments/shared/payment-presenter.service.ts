import { Injectable } from '@nestjs/common';
import { cancelBlockedReason, completedOn, toBusinessTime, type PaymentState } from '@lib/ledger';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import { paymentView, type PaymentView } from './payment.representation';
import { SettlementCalendar } from '@lib/settlement';

/**
 * Answers a payment as it stands now: `cancellable` is decided at answer time by the same rule the
 * cancel command uses (`cancelBlockedReason`), so it flips at 00:00 KST or at the day's close
 * without any new event. A replayed answer (docs/adr/0011) is decided as at its first attempt:
 * at the answering event's time, with the day's close as it stood then.
 */
@Injectable()
export class PaymentPresenter {
  constructor(
    private readonly ledger: LedgerContext,
    private readonly calendar: SettlementCalendar,
  ) {}

  async present(state: PaymentState, meta?: CommandMeta): Promise<PaymentView> {
    const replayed = meta?.idempotency?.replayed ?? null;
    const day = completedOn(state);
    if (replayed === null) {
      const closed = day === null ? false : await this.calendar.isClosed(day);
      return paymentView(state, cancelBlockedReason(state, this.ledger.now(), closed));
    }
    const { occurredAt } = replayed.metadata;
    const at = typeof occurredAt === 'string' ? toBusinessTime(occurredAt) : this.ledger.now();
    const closed = day === null ? false : await this.calendar.wasClosedAt(day, replayed.created);
    return paymentView(state, cancelBlockedReason(state, at, closed));
  }
}
