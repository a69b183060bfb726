import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { settlementStreamId, type BusinessDate } from '@lib/ledger';

/**
 * Answers whether a KST day's books are closed (R10, R19) from the event store itself, not from a
 * read model: the cancel decision must see a close the instant it is written, on every replica.
 */
@Injectable()
export class SettlementCalendar {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async isClosed(day: BusinessDate): Promise<boolean> {
    // The stream also holds the day's cancellation reservations (docs/adr/0005); SettlementClosed
    // is always its last event, so one event read backwards answers.
    const events = await this.store.readStream(settlementStreamId(day), {
      direction: 'backwards',
      maxCount: 1,
    });
    return events.some((event) => event.type === 'SettlementClosed');
  }

  /** Whether the day's close had been recorded by `instant` (the store's recording time). */
  async wasClosedAt(day: BusinessDate, instant: Date): Promise<boolean> {
    const events = await this.store.readStream(settlementStreamId(day), {
      direction: 'backwards',
      maxCount: 1,
    });
    return events.some(
      (event) => event.type === 'SettlementClosed' && event.created.getTime() <= instant.getTime(),
    );
  }
}
