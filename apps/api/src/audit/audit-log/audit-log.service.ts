import { Inject, Injectable } from '@nestjs/common';
import { auditRecordOf, readLogAfter, walkLog } from '@lib/audit';
import { EVENT_STORE, type EventStore, type Position } from '@lib/event-store';
import { positionText } from '../../read-side/shared/log-position';
import type { AuditPageView } from './audit-event.representation';

/**
 * The global log for auditors, read from the event store itself (never from a read model), each
 * event redacted as `auditRecordOf` shows it (R25).
 */
@Injectable()
export class AuditLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up to `limit` events after `after`; `next` is null when nothing follows them. */
  async page(after: Position | null, limit: number): Promise<AuditPageView> {
    const read = await readLogAfter(this.store, after, limit + 1);
    const events = read.slice(0, limit);
    const last = events.at(-1);
    const more = read.length > limit;
    return {
      events: events.map(auditRecordOf),
      next: more && last !== undefined ? positionText(last.position) : null,
    };
  }

  /**
   * The same events as NDJSON, one chunk per store page: a large range is never held in memory,
   * and the reply's back-pressure paces the reads.
   */
  async *ndjson(after: Position | null, limit: number): AsyncGenerator<string> {
    let remaining = limit;
    for await (const page of walkLog(this.store, { from: after })) {
      const events = page.slice(0, remaining);
      yield events.map((event) => `${JSON.stringify(auditRecordOf(event))}\n`).join('');
      remaining -= events.length;
      if (remaining === 0) return;
    }
  }
}
