import type Database from 'better-sqlite3';
import { assertStreamId, prepareAppend } from '../append-input';
import { EventStoreClosedError } from '../errors';
import { promiseOf } from '../promise-of';
import {
  ANY,
  NO_STREAM,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '../event-store.port';
import { checkExpectedRevision } from '../expected-revision';
import { findIdempotentResult } from '../idempotency';
import { resolveAllRead, resolveStreamRead } from '../read-options';
import { storageFaultOf, withStorageFaults } from '../storage-fault';
import { LiveSubscriptions } from '../subscription/live-subscriptions';
import { compileFilter } from '../subscription/subscription-filter';
import { EventQueries } from './event-queries';
import { GroupCommit, type AppendOutcome, type AppendRequest } from './group-commit';
import { SlimReads, type SlimPage } from './slim-events';

export interface SqliteEventStoreSettings {
  /** The store's recording clock for `created` (default: the wall clock). */
  readonly now?: () => Date;
  /** How often a waiting subscription looks for appends by other processes (default 200 ms). */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads at a time (default 500). */
  readonly readBatchSize?: number;
}

/**
 * The embedded event store on one SQLite file (see docs/adr/0001). Takes a connection already
 * configured by `openSqliteEventStore` and owns it from then on.
 */
export class SqliteEventStore implements EventStore {
  private readonly queries: EventQueries;
  private readonly slimReads: SlimReads;
  private readonly groupCommit: GroupCommit;
  private readonly live = new LiveSubscriptions();
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private readonly readBatchSize: number;
  /** Runs in a SAVEPOINT when called inside the batch transaction. */
  private readonly appendInSavepoint: Database.Transaction<
    (request: AppendRequest) => AppendResult
  >;
  private readonly commitInTransaction: Database.Transaction<
    (requests: readonly AppendRequest[]) => AppendOutcome[]
  >;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    settings: SqliteEventStoreSettings = {},
  ) {
    this.queries = new EventQueries(db);
    this.slimReads = new SlimReads(db);
    this.now = settings.now ?? (() => new Date());
    this.pollIntervalMs = settings.pollIntervalMs ?? 200;
    this.readBatchSize = settings.readBatchSize ?? 500;
    this.appendInSavepoint = db.transaction((request: AppendRequest) => this.appendOne(request));
    this.commitInTransaction = db.transaction((requests: readonly AppendRequest[]) =>
      requests.map((request) => this.tryAppend(request)),
    );
    this.groupCommit = new GroupCommit((requests) => this.commitBatch(requests));
  }

  appendToStream(
    streamId: string,
    events: readonly EventData[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    return promiseOf(() => {
      this.assertOpen();
      const expectedRevision = options.expectedRevision ?? ANY;
      const prepared = prepareAppend(streamId, events, expectedRevision);
      return this.groupCommit.submit({ streamId, events: prepared, expectedRevision });
    });
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.attempt(() => {
      assertStreamId(streamId);
      const read = resolveStreamRead(options);
      return this.queries.readStream(streamId, read);
    });
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.attempt(() => this.queries.readAll(resolveAllRead(options)));
  }

  /**
   * Not part of the port: up to `limit` events of `$all` after `after` (exclusive; `null` for the
   * start), without ids and metadata, only those whose type `wanted` accepts (see SlimReads). What
   * the projection runner reads while catching up when it is given this store; `last` and `read`
   * still count every event, so the reader can move past the ones it skipped.
   */
  readSlimPage(
    after: Position | null,
    limit: number,
    wanted: (type: string) => boolean,
  ): Promise<SlimPage> {
    return this.attempt(() => this.slimReads.pageAfter(after?.commit ?? 0n, limit, wanted));
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    this.assertOpen();
    const reader = withStorageFaults(() => this.queries.readerAfter(compileFilter(options.filter)));
    // A read that fails ends the subscription with the fault; its consumer resubscribes later.
    const readAfter = (after: bigint, limit: number): RecordedEvent[] =>
      withStorageFaults(() => reader(after, limit));
    const last = withStorageFaults(() => this.queries.lastPosition());
    return this.live.subscribe(readAfter, {
      fromPosition: options.fromPosition,
      lastPosition: last,
      batchSize: this.readBatchSize,
      pollIntervalMs: this.pollIntervalMs,
    });
  }

  /**
   * Commits what is queued, ends the subscriptions, moves the WAL into the database file and
   * closes the file: a clean stop leaves no WAL to replay, even while another process (the CLI,
   * another role) keeps the file open. A checkpoint that cannot finish (a reader holds an old
   * snapshot, the disk is full) leaves a WAL that SQLite replays at the next open.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.groupCommit.flush();
    await this.live.closeAll();
    if (!this.db.readonly && !this.db.memory) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (error) {
        if (storageFaultOf(error) === undefined) throw error;
      }
    }
    this.db.close();
  }

  /**
   * A storage fault (disk full, read-only, I/O, busy) that ends the transaction fails the whole
   * batch; one SQLite confines to one append fails that append alone. Nothing of a failed append
   * is written either way.
   */
  private commitBatch(requests: readonly AppendRequest[]): AppendOutcome[] {
    const outcomes = withStorageFaults(() => this.commitInTransaction.immediate(requests));
    if (outcomes.some((outcome) => outcome.ok)) this.live.notifyAppended();
    return outcomes;
  }

  /** One append of a batch: its failure rolls back its own SAVEPOINT and nothing else. */
  private tryAppend(request: AppendRequest): AppendOutcome {
    try {
      return { ok: true, result: this.appendInSavepoint(request) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite abandon the whole transaction; going on would
      // autocommit the rest one by one, so the whole batch fails instead.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error: storageFaultOf(error) ?? error };
    }
  }

  private appendOne({ streamId, events, expectedRevision }: AppendRequest): AppendResult {
    const retried = findIdempotentResult(streamId, events, this.queries);
    if (retried) return retried;
    const current = this.queries.currentRevision(streamId);
    checkExpectedRevision(streamId, expectedRevision, current);
    const created = this.now().toISOString();
    const first = current === NO_STREAM ? 0n : current + 1n;
    let position = 0n;
    events.forEach((event, i) => {
      position = this.queries.insert(streamId, first + BigInt(i), event, created);
    });
    return {
      nextExpectedRevision: first + BigInt(events.length - 1),
      position: { commit: position, prepare: position },
    };
  }

  /** Runs a read, refused once the store is closed. */
  private attempt<T>(read: () => T): Promise<T> {
    return promiseOf(() => {
      this.assertOpen();
      return withStorageFaults(read);
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
