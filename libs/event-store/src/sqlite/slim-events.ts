import type Database from 'better-sqlite3';
import type { JsonValue, Position, RecordedEvent } from '../event-store.port';

/**
 * An event of `$all` without its id and metadata: what a reader that folds events into tables (the
 * projections) needs. Every `RecordedEvent` is one, so the same code reads either.
 */
export type SlimEvent = Omit<RecordedEvent, 'id' | 'metadata'>;

/** One read of `$all` for such a reader (see `SqliteEventStore.readSlimPage`). */
export interface SlimPage {
  /** The events whose type the reader wanted, in order, their data parsed. */
  readonly events: SlimEvent[];
  /** The last event read, wanted or not: where the next page starts. `null` when none was read. */
  readonly last: Position | null;
  /** How many events were read, wanted or not; fewer than asked means the end of the log. */
  readonly read: number;
}

type SlimRow = readonly [
  position: bigint,
  streamId: string,
  revision: bigint,
  type: string,
  data: string,
  created: string,
];

/**
 * Reads pages of `$all` for a reader that folds events into tables. The metadata (hash chain,
 * correlation, actor: often as long as the data) is not read, and the data of an event the reader
 * does not want is not parsed: turning rows into recorded events cost more than a raw scan of the
 * whole log.
 */
export class SlimReads {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = db
      .prepare<[bigint, number], SlimRow>(
        'SELECT position, stream_id, revision, type, data, created FROM events' +
          ' WHERE position > ? ORDER BY position LIMIT ?',
      )
      .raw(true);
  }

  /** Up to `limit` events after `after` (exclusive); `wanted` says which ones to parse and keep. */
  pageAfter(after: bigint, limit: number, wanted: (type: string) => boolean): SlimPage {
    const rows = this.stmt.all(after, limit);
    const events: SlimEvent[] = [];
    for (const [position, streamId, revision, type, data, created] of rows) {
      if (!wanted(type)) continue;
      events.push({
        type,
        data: JSON.parse(data) as JsonValue,
        streamId,
        revision,
        position: { commit: position, prepare: position },
        created: new Date(created),
      });
    }
    const last = rows.at(-1)?.[0];
    return {
      events,
      last: last === undefined ? null : { commit: last, prepare: last },
      read: rows.length,
    };
  }
}
