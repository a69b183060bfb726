import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@lib/common';
import { EVENT_STORE, END, type EventStore } from '@lib/event-store';
import { isPaymentEventType } from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { LedgerMetrics } from '@lib/metrics';
import { ALL_PROJECTIONS } from './all-projections';
import { WaitForPositionTimeoutError } from './errors';
import { paymentListStart, prunePayments } from './payments';
import type { ReadModelDatabase } from './projection';
import { projectionLag, type ProjectionLag } from './projection-lag';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';

/**
 * This process's read models (docs/adr/0004): one SQLite file (LEDGER_READ_MODEL_FILE, one per
 * process), kept up to date by one ProjectionRunner over the event store. It is a cache of the
 * log, so every process runs its own and none of them decides anything that must hold across them.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadModels.name);
  readonly db: ReadModelDatabase;
  private readonly runner: ProjectionRunner;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) config: Pick<LedgerConfig, 'readModelFile'>,
    @Optional() metrics?: LedgerMetrics,
  ) {
    this.db = openReadModelDatabase(config.readModelFile, { exclusive: true });
    this.runner = new ProjectionRunner({
      store,
      db: this.db,
      projections: ALL_PROJECTIONS,
      onError: (error) => this.logger.warn(`Projection runner: ${String(error)}`),
      // Payments by transition: each event once per process, whichever process appended it.
      onApplied: (events) =>
        metrics?.countPaymentTransitions(
          events.map((event) => event.type).filter(isPaymentEventType),
        ),
    });
  }

  /** Nest awaits this in `app.init()`: the app answers no request before the read models caught up. */
  async onModuleInit(): Promise<void> {
    await this.runner.start();
    await this.runner.caughtUp;
    this.prune();
    this.pruneTimer = setInterval(() => this.pruneLater(), LIMITS.readModels.pruneIntervalMs);
    this.pruneTimer.unref();
  }

  /**
   * Runs before the event store closes (that is `onApplicationShutdown`), so the runner can finish:
   * it stops after the batch it is applying, whose rows and checkpoint commit together.
   */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.pruneTimer);
    await this.runner.stop();
    this.db.close();
  }

  /**
   * Read-your-writes: waits until the read models hold everything the log held when this was
   * called, so a command the caller completed before is visible. Returns false when the wait timed
   * out (the answer is then from slightly older read models); any other failure of the runner is a
   * bug and is thrown.
   */
  async catchUpWithLog(
    timeoutMs: number = LIMITS.readModels.readYourWritesTimeoutMs,
  ): Promise<boolean> {
    const [last] = await this.store.readAll({
      fromPosition: END,
      direction: 'backwards',
      maxCount: 1,
    });
    if (last === undefined) return true;
    try {
      await this.runner.waitForPosition(last.position, timeoutMs);
      return true;
    } catch (error) {
      if (error instanceof WaitForPositionTimeoutError) return false;
      throw error;
    }
  }

  /**
   * How far the read models are behind the log's end (readiness, metrics): events counted up to
   * `countUpTo`, and the age of the oldest not applied. It grows while the runner is stopped.
   */
  lag(countUpTo: number): Promise<ProjectionLag> {
    const nowMs = this.clock.now().toMillis();
    return projectionLag(this.store, this.runner.appliedUpTo(), nowMs, countUpTo);
  }

  /** The hourly prune: a failure (a full disk) waits for the next hour instead of ending the process. */
  private pruneLater(): void {
    try {
      this.prune();
    } catch (error) {
      this.logger.warn(`Pruning the read models failed; the next run retries: ${String(error)}`);
    }
  }

  /** Older payments are outside every list (R14); the query filters them anyway, this saves space. */
  private prune(): void {
    const pruned = prunePayments(this.db, paymentListStart(this.clock.now()));
    if (pruned > 0) this.logger.log(`Pruned ${pruned} payments older than the list window`);
  }
}
