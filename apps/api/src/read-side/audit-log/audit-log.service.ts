import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  START,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '@lib/event-store';
import { comparePositions } from '@lib/projections';
import { positionText } from '../shared/log-position';
import { auditEvent, type AuditPageView } from './audit-event.representation';

/** Events read from the store per round trip while streaming NDJSON. */
const STREAM_PAGE_SIZE = 1_000;

/** The global log for auditors, read from the event store itself (never from a read model). */
@Injectable()
export class AuditLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up to `limit` events after `after`; `next` is null when nothing follows them. */
  async page(after: Position | null, limit: number): Promise<AuditPageView> {
    const read = await this.readAfter(after, limit + 1);
    const events = read.slice(0, limit);
    const last = events.at(-1);
    const more = read.length > limit;
    return {
      events: events.map(auditEvent),
      next: more && last !== undefined ? positionText(last.position) : null,
    };
  }

  /**
   * The same events as NDJSON, one chunk per store page: a large range is never held in memory,
   * and the reply's back-pressure paces the reads.
   */
  async *ndjson(after: Position | null, limit: number): AsyncGenerator<string> {
    let from = after;
    let remaining = limit;
    while (remaining > 0) {
      const wanted = Math.min(remaining, STREAM_PAGE_SIZE);
      const events = await this.readAfter(from, wanted);
      if (events.length > 0) {
        yield events.map((event) => `${JSON.stringify(auditEvent(event))}\n`).join('');
      }
      const last = events.at(-1);
      if (last === undefined || events.length < wanted) return;
      from = last.position;
      remaining -= events.length;
    }
  }

  /** `after` is exclusive; reading forwards from a position includes it, so it is dropped here. */
  private async readAfter(after: Position | null, count: number): Promise<RecordedEvent[]> {
    if (after === null) return this.store.readAll({ fromPosition: START, maxCount: count });
    const events = await this.store.readAll({ fromPosition: after, maxCount: count + 1 });
    return events.filter((event) => comparePositions(event.position, after) > 0).slice(0, count);
  }
}
