import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { settlementStreamId, type BusinessDate } from '@lib/ledger';

/**
 * Answers whether a KST day's books are closed (R10, R19) from the event store itself, not from a
 * read model: the cancel decision must see a close the instant it is written, on every replica.
 */
@Injectable()
export class SettlementCalendar {
  /**
   * Days seen closed. A closed day never opens again (R18), so a yes is remembered; a no is asked
   * again every time, so a close made by another process is seen the moment it is written.
   */
  private readonly closed = new Set<BusinessDate>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async isClosed(day: BusinessDate): Promise<boolean> {
    if (this.closed.has(day)) return true;
    // The stream also holds the day's cancellation reservations (docs/adr/0005); SettlementClosed
    // is always its last event, so one event read backwards answers.
    const events = await this.store.readStream(settlementStreamId(day), {
      direction: 'backwards',
      maxCount: 1,
    });
    const closed = events.some((event) => event.type === 'SettlementClosed');
    if (closed) this.closed.add(day);
    return closed;
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
