import type Database from 'better-sqlite3';
import type { PreparedEvent } from '../append-input';
import { NO_STREAM, type CurrentRevision, type RecordedEvent } from '../event-store.port';
import type { IdempotencyLookup } from '../idempotency';
import type { ResolvedRead } from '../read-options';
import type { StoredEvent } from '../stored-event';
import type { CompiledFilter } from '../subscription/subscription-filter';
import { EVENT_COLUMNS, recordedEventsOf, type EventRow } from './event-rows';

const COLUMNS =
  'position, stream_id AS streamId, revision, event_id AS id, type, data, metadata, created';

/** SQLite's "no limit". */
const NO_LIMIT = -1;

/**
 * Every SQL statement of the adapter, prepared once. The connection returns integers as bigint
 * (`defaultSafeIntegers`), so revisions and positions never lose precision.
 */
export class EventQueries implements IdempotencyLookup {
  private readonly currentRevisionStmt;
  private readonly findByIdStmt;
  private readonly insertStmt;
  private readonly lastPositionStmt;
  private readonly sliceStmt;
  private readonly streamForwards;
  private readonly streamBackwards;
  private readonly allForwards;
  private readonly allBackwards;

  constructor(private readonly db: Database.Database) {
    this.currentRevisionStmt = db
      .prepare<[string], bigint>(
        'SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck();
    this.findByIdStmt = db.prepare<[string], Pick<StoredEvent, 'streamId' | 'revision'>>(
      'SELECT stream_id AS streamId, revision FROM events WHERE event_id = ?',
    );
    this.insertStmt = db.prepare<[string, bigint, string, string, string, string, string]>(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created)' +
        ' VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.lastPositionStmt = db
      .prepare<[], bigint | null>('SELECT max(position) FROM events')
      .pluck();
    this.sliceStmt = db.prepare<[string, bigint, number], StoredEvent>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    );
    // The reads that return events take rows as arrays (see EventRow).
    const select = `SELECT ${EVENT_COLUMNS} FROM events WHERE`;
    this.streamForwards = db
      .prepare<[string, bigint, number], EventRow>(
        `${select} stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      )
      .raw(true);
    this.streamBackwards = db
      .prepare<[string, bigint, number], EventRow>(
        `${select} stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      )
      .raw(true);
    this.allForwards = db
      .prepare<[bigint, number], EventRow>(`${select} position >= ? ORDER BY position LIMIT ?`)
      .raw(true);
    this.allBackwards = db
      .prepare<[bigint, number], EventRow>(`${select} position <= ? ORDER BY position DESC LIMIT ?`)
      .raw(true);
  }

  currentRevision(streamId: string): CurrentRevision {
    return this.currentRevisionStmt.get(streamId) ?? NO_STREAM;
  }

  findById(eventId: string): Pick<StoredEvent, 'streamId' | 'revision'> | undefined {
    return this.findByIdStmt.get(eventId);
  }

  readStreamSlice(streamId: string, fromRevision: bigint, count: number): StoredEvent[] {
    return this.sliceStmt.all(streamId, fromRevision, count);
  }

  /** Inserts one event and returns its position. */
  insert(streamId: string, revision: bigint, event: PreparedEvent, created: string): bigint {
    const { lastInsertRowid } = this.insertStmt.run(
      streamId,
      revision,
      event.id,
      event.type,
      event.data,
      event.metadata,
      created,
    );
    return BigInt(lastInsertRowid);
  }

  /** The position of the last event in `$all`, or 0 when the store is empty. */
  lastPosition(): bigint {
    return this.lastPositionStmt.get() ?? 0n;
  }

  readStream(streamId: string, read: ResolvedRead): RecordedEvent[] {
    if (read.bound === undefined) return [];
    const stmt = read.direction === 'forwards' ? this.streamForwards : this.streamBackwards;
    return recordedEventsOf(stmt.all(streamId, read.bound, read.limit ?? NO_LIMIT));
  }

  readAll(read: ResolvedRead): RecordedEvent[] {
    if (read.bound === undefined) return [];
    const stmt = read.direction === 'forwards' ? this.allForwards : this.allBackwards;
    return recordedEventsOf(stmt.all(read.bound, read.limit ?? NO_LIMIT));
  }

  /**
   * A reader of the events after a position that pass `filter`, for a subscription. The filter
   * runs in SQL so that a narrow subscription over a long log does not load what it skips.
   */
  readerAfter(
    filter: CompiledFilter | undefined,
  ): (after: bigint, limit: number) => RecordedEvent[] {
    const prefixTerm = (column: string): string => `substr(${column}, 1, length(?)) = ?`;
    const terms = [
      ...(filter?.eventTypePrefixes ?? []).map(() => prefixTerm('type')),
      ...(filter?.streamPrefixes ?? []).map(() => prefixTerm('stream_id')),
    ];
    const prefixes = [...(filter?.eventTypePrefixes ?? []), ...(filter?.streamPrefixes ?? [])];
    const where = terms.length === 0 ? '' : ` AND (${terms.join(' OR ')})`;
    const stmt = this.db
      .prepare<unknown[], EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`,
      )
      .raw(true);
    const params = prefixes.flatMap((prefix) => [prefix, prefix]);
    return (after, limit) => recordedEventsOf(stmt.all(after, ...params, limit));
  }
}
