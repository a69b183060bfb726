import {
  END,
  START,
  storageFaultOf,
  type EventStore,
  type Position,
  type RecordedEvent,
  type SlimEvent,
} from '@lib/event-store';
import { Backoff, DEFAULT_BACKOFF, type BackoffSettings } from './backoff';
import { pagesAfter, type EventBatch } from './catch-up-pages';
import { CheckpointTable } from './checkpoints';
import { deferred, type Deferred } from './deferred';
import {
  createIndexes,
  dropSecondaryIndexes,
  tableNames,
  type DeferredIndex,
} from './deferred-indexes';
import { ProjectionApplyError, ProjectionRunnerStoppedError } from './errors';
import { inBatches } from './in-batches';
import { hasReached, lowestCheckpoint } from './position';
import { PositionWaiters } from './position-waiters';
import type { Projection, ReadModelDatabase } from './projection';
import { rebuildReport, type RebuildOptions, type RebuildReport } from './rebuild-progress';

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  /** The read-model file (`openReadModelDatabase`), written only by this runner. */
  readonly db: ReadModelDatabase;
  readonly projections: readonly Projection[];
  /** Most events applied in one transaction once live (default 500): small, for latency. */
  readonly batchSize?: number;
  /**
   * Events read and applied in one transaction while behind the log (on start, after a restart, in
   * a rebuild; default 5,000): large, for throughput.
   */
  readonly catchUpBatchSize?: number;
  /** Restart delays after a subscription error. */
  readonly backoff?: Partial<BackoffSettings>;
  /** Default timeout of `waitForPosition` (default 5,000 ms). */
  readonly waitTimeoutMs?: number;
  /** Told of each subscription error the runner recovers from, and of the error that stops it. */
  readonly onError?: (error: unknown) => void;
  /**
   * Told, after each batch commits, of its events that no projection of this file had applied
   * before: each event of the log once per file, whatever restarts and re-reads happen (metrics).
   */
  readonly onApplied?: (events: readonly SlimEvent[]) => void;
}

interface Track {
  readonly projection: Projection;
  readonly handles: ReadonlySet<string>;
  /** The committed checkpoint: every event up to it is applied. */
  position: Position | null;
}

/** One start…stop of the runner. */
interface Run {
  stopped: boolean;
  readonly backoff: Backoff;
  unsubscribe: (() => Promise<void>) | undefined;
  loop: Promise<void> | undefined;
  /** The log's last position when the run started: reaching it is "caught up". */
  target: Position | null;
}

/**
 * Keeps every projection of one read-model file up to date from `$all` (docs/adr/0004). Events are
 * applied in batches; each batch's rows and the checkpoints commit in one transaction, so a crash
 * never applies an event twice nor skips one. One subscription serves all projections, from the
 * lowest checkpoint; each projection skips what it already has.
 */
export class ProjectionRunner {
  private readonly store: EventStore;
  private readonly db: ReadModelDatabase;
  private readonly tracks: Track[];
  private readonly checkpoints: CheckpointTable;
  private readonly waiters = new PositionWaiters();
  private readonly applyInTransaction: (batch: EventBatch) => void;
  /** Whether any projection handles a type: the others are not even parsed while catching up. */
  private readonly handled: (type: string) => boolean;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly backoffSettings: BackoffSettings;
  private readonly waitTimeoutMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly onApplied: ((events: readonly SlimEvent[]) => void) | undefined;
  private run: Run | undefined;
  private catchUp: Deferred<void> = deferred();
  private failure: Error | undefined;
  private onCommitted: ((batch: EventBatch, run: Run) => void) | undefined;

  constructor(options: ProjectionRunnerOptions) {
    this.store = options.store;
    this.db = options.db;
    this.tracks = tracksOf(options.projections);
    this.checkpoints = new CheckpointTable(options.db);
    this.applyInTransaction = options.db.transaction((batch: EventBatch) => this.apply(batch));
    const handled = new Set(this.tracks.flatMap((track) => [...track.handles]));
    this.handled = (type) => handled.has(type);
    this.batchSize = positive('batchSize', options.batchSize ?? 500);
    this.catchUpBatchSize = positive('catchUpBatchSize', options.catchUpBatchSize ?? 5_000);
    this.backoffSettings = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.waitTimeoutMs = options.waitTimeoutMs ?? 5_000;
    this.onError = options.onError ?? ((error) => console.warn('Projection runner:', error));
    this.onApplied = options.onApplied;
  }

  /** Resolves once the read models hold every event stored when `start()` was called. */
  get caughtUp(): Promise<void> {
    return this.catchUp.promise;
  }

  /**
   * Rebuilds each projection whose stored version differs from its code's, then follows the log
   * from the stored checkpoints. Resolves once following has begun, not when caught up.
   */
  start(): Promise<void> {
    return this.launch(() => this.resetChangedProjections());
  }

  /** Follows the log from the stored checkpoints once `prepare` has readied the tables. */
  private async launch(prepare: () => void): Promise<void> {
    if (this.run !== undefined) throw new Error('The projection runner is already started');
    this.failure = undefined;
    const run: Run = {
      stopped: false,
      backoff: new Backoff(this.backoffSettings),
      unsubscribe: undefined,
      loop: undefined,
      target: null,
    };
    this.run = run;
    try {
      prepare();
      run.target = await lastPosition(this.store);
    } catch (error) {
      this.run = undefined;
      throw error;
    }
    if (run.stopped) return; // stop() came while we read the log's end
    if (run.target === null) this.catchUp.resolve();
    else this.waitFor(run.target, Infinity).then(this.catchUp.resolve, this.catchUp.reject);
    run.loop = this.supervise(run);
  }

  /** Stops following; resolves once the last batch has committed. Pending waits are rejected. */
  async stop(): Promise<void> {
    const run = this.run;
    if (run === undefined) return;
    run.stopped = true;
    run.backoff.cancel();
    await run.unsubscribe?.();
    await run.loop;
    this.run = undefined;
    this.waiters.rejectAll(new ProjectionRunnerStoppedError());
    this.catchUp = deferred();
  }

  /**
   * Resolves once every projection has applied the log up to `position` (e.g. the position of a
   * command's append: read-your-writes). Rejects with `WaitForPositionTimeoutError` after
   * `timeoutMs`, or with the error that stopped the runner.
   */
  waitForPosition(position: Position, timeoutMs = this.waitTimeoutMs): Promise<void> {
    return this.waitFor(position, timeoutMs);
  }

  /** Where every projection has applied the log up to (`null`: not one event yet): its lag's start. */
  appliedUpTo(): Position | null {
    return this.lowest();
  }

  /** The committed checkpoint of a projection (`null`: nothing applied yet). */
  checkpointOf(name: string): Position | null {
    const track = this.tracks.find((candidate) => candidate.projection.name === name);
    if (track === undefined) throw new Error(`No projection named ${name}`);
    return track.position;
  }

  /**
   * Drops every read model and replays the whole log into fresh tables, reporting progress after
   * each batch. The runner must be stopped; it is stopped again when the rebuild ends. Secondary
   * indexes are built once at the end; if the rebuild stops early, the next `start()` makes them
   * again (`migrate`) and carries on from the checkpoints.
   */
  async rebuild(options: RebuildOptions = {}): Promise<RebuildReport> {
    if (this.run !== undefined) throw new Error('Stop the projection runner before rebuilding');
    const indexes = this.db.transaction(() =>
      this.tracks.flatMap((track) => this.resetProjection(track, { deferIndexes: true })),
    )();
    const startedMs = performance.now();
    let eventsDone = 0;
    this.onCommitted = ({ read, last }, run) => {
      eventsDone += read;
      const elapsedMs = performance.now() - startedMs;
      const report = rebuildReport(eventsDone, elapsedMs);
      options.onProgress?.({ ...report, position: last, end: run.target });
    };
    try {
      // Not start(): its `migrate` would make the deferred indexes again at once.
      await this.launch(() => this.loadCheckpoints());
      await this.caughtUp;
    } finally {
      this.onCommitted = undefined;
      await this.stop();
    }
    this.db.transaction(() => createIndexes(this.db, indexes))();
    return rebuildReport(eventsDone, performance.now() - startedMs);
  }

  private waitFor(position: Position, timeoutMs: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (hasReached(this.lowest(), position)) return Promise.resolve();
    return this.waiters.wait(position, timeoutMs, () => this.lowest());
  }

  /** Follows the log until stopped, resubscribing after an error with bounded backoff. */
  private async supervise(run: Run): Promise<void> {
    while (!run.stopped) {
      try {
        await this.follow(run);
      } catch (error) {
        if (error instanceof ProjectionApplyError) return this.fail(run, error);
        if (!run.stopped) this.onError(error);
      }
      if (!run.stopped) await run.backoff.wait();
    }
  }

  /**
   * From the lowest stored checkpoint: pages of the log up to its end, then one subscription for
   * what comes next, until it ends.
   */
  private async follow(run: Run): Promise<void> {
    this.loadCheckpoints();
    const { store, catchUpBatchSize, handled } = this;
    for await (const page of pagesAfter(store, this.lowest(), catchUpBatchSize, handled)) {
      if (run.stopped) return;
      this.commit(page, run);
      run.backoff.reset();
    }
    if (run.stopped) return;
    const subscription = this.store.subscribeToAll({ fromPosition: this.lowest() ?? START });
    run.unsubscribe = () => subscription.unsubscribe();
    if (run.stopped) return subscription.unsubscribe();
    try {
      for await (const events of inBatches(subscription, this.batchSize)) {
        this.commit(batchOf(events), run);
        run.backoff.reset();
      }
    } finally {
      await subscription.unsubscribe();
    }
    if (!run.stopped) throw new Error('The subscription to $all ended by itself');
  }

  private commit(batch: EventBatch, run: Run): void {
    const { last } = batch;
    const newest = this.highest();
    this.applyInTransaction(batch);
    for (const track of this.tracks) {
      if (!hasReached(track.position, last)) track.position = last;
    }
    this.onCommitted?.(batch, run);
    const fresh = batch.events.filter((event) => !hasReached(newest, event.position));
    if (fresh.length > 0) this.onApplied?.(fresh);
    this.waiters.release(this.lowest());
  }

  /** The furthest checkpoint: every event up to it has been applied by some projection. */
  private highest(): Position | null {
    return this.tracks.reduce<Position | null>(
      (newest, { position }) =>
        position !== null && !hasReached(newest, position) ? position : newest,
      null,
    );
  }

  /** Runs inside the batch's transaction. */
  private apply({ events, last }: EventBatch): void {
    for (const event of events) {
      for (const track of this.tracks) applyTo(track, event, this.db);
    }
    for (const track of this.tracks) {
      if (!hasReached(track.position, last)) this.checkpoints.save(track.projection.name, last);
    }
  }

  private fail(run: Run, error: Error): void {
    run.stopped = true;
    this.failure = error;
    this.waiters.rejectAll(error);
    this.onError(error);
  }

  private resetChangedProjections(): void {
    this.db.transaction(() => {
      for (const track of this.tracks) {
        const { name, version } = track.projection;
        if (this.checkpoints.read(name)?.version === version) track.projection.migrate(this.db);
        else this.resetProjection(track, { deferIndexes: false });
      }
    })();
    this.loadCheckpoints();
  }

  /**
   * Empties the projection's tables and its checkpoint. With `deferIndexes`, returns the secondary
   * indexes of its tables, dropped: the caller makes them again once the tables are full (a
   * rebuild), or the next start's `migrate` does.
   */
  private resetProjection(
    { projection }: Track,
    { deferIndexes }: { readonly deferIndexes: boolean },
  ): DeferredIndex[] {
    projection.drop(this.db);
    const before = tableNames(this.db);
    projection.migrate(this.db);
    this.checkpoints.reset(projection.name, projection.version);
    if (!deferIndexes) return [];
    const made = [...tableNames(this.db)].filter((table) => !before.has(table));
    return dropSecondaryIndexes(this.db, new Set(made));
  }

  private loadCheckpoints(): void {
    for (const track of this.tracks) {
      track.position = this.checkpoints.read(track.projection.name)?.position ?? null;
    }
  }

  private lowest(): Position | null {
    return lowestCheckpoint(this.tracks.map((track) => track.position));
  }
}

function tracksOf(projections: readonly Projection[]): Track[] {
  const names = projections.map((projection) => projection.name);
  if (names.length === 0) throw new Error('A projection runner needs at least one projection');
  if (new Set(names).size !== names.length) {
    throw new Error(`Duplicate projection names: ${names.join(', ')}`);
  }
  return projections.map((projection) => ({
    projection,
    handles: new Set(projection.handles),
    position: null,
  }));
}

/** Applies `event` unless the projection already has it or does not handle its type. */
function applyTo(track: Track, event: SlimEvent, db: ReadModelDatabase): void {
  if (hasReached(track.position, event.position) || !track.handles.has(event.type)) return;
  try {
    track.projection.apply(event, db);
  } catch (cause) {
    // A full disk or a busy file is no bug of the projection: the batch rolls back and the runner
    // tries again after its backoff, from the same checkpoint.
    const fault = storageFaultOf(cause);
    if (fault !== undefined) throw fault;
    const { name } = track.projection;
    throw new ProjectionApplyError(name, event.type, event.streamId, event.position, cause);
  }
}

/** A batch a subscription delivered (never empty): every event is read and handed over. */
function batchOf(events: readonly RecordedEvent[]): EventBatch {
  const last = events.at(-1);
  if (last === undefined) throw new Error('Invariant: a batch holds at least one event');
  return { events, last: last.position, read: events.length };
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

async function lastPosition(store: EventStore): Promise<Position | null> {
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1 });
  return last?.position ?? null;
}
