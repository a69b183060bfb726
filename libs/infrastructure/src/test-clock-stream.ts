import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { DateTime } from 'luxon';
import { AggregateStreams, LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { CLOCK, ManualClock, SCHEDULER, type Clock, type Scheduler } from '@lib/common';
import {
  END,
  EVENT_STORE,
  START,
  type EventStore,
  type Position,
  type Subscription,
} from '@lib/event-store';
import {
  TEST_CLOCK_STREAM,
  decideTestClock,
  invariant,
  parseIsoInstant,
  type IsoInstant,
  type TestClockDueWorkRan,
  type TestClockEvent,
  type TestClockState,
  testClockDecider,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';

/** Called after every move this process sees (its own and other processes'). */
export type ClockMoveListener = (now: DateTime) => void;

/**
 * The test clock (LEDGER_TEST_CLOCK=true) as an event stream every process follows (DESIGN.md §5):
 * a move is decided on the `test-clock` stream (forward only) and appended, and every process's
 * ManualClock follows the stream, so one move moves them all. At start-up the clock stands at the
 * later of the real time and the last recorded move, so a restart never takes it backwards.
 */
@Injectable()
export class TestClockStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TestClockStream.name);
  private readonly streams: AggregateStreams<TestClockState, TestClockEvent>;
  private readonly clock: ManualClock;
  private readonly listeners = new Set<ClockMoveListener>();
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    ledger: LedgerContext,
  ) {
    // Said at start-up: the composition root chooses a ManualClock whenever the test clock is on.
    invariant(clock instanceof ManualClock, 'LEDGER_TEST_CLOCK=true needs a ManualClock');
    this.clock = clock;
    this.streams = new AggregateStreams(store, ledger, testClockDecider);
  }

  async onModuleInit(): Promise<void> {
    const [last] = await this.store.readAll({
      fromPosition: END,
      direction: 'backwards',
      maxCount: 1,
    });
    const { state } = await this.streams.load(TEST_CLOCK_STREAM);
    if (state.now !== null) this.follow(state.now);
    this.following = this.followFrom(last?.position ?? START);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.following;
  }

  now(): DateTime {
    return this.clock.now();
  }

  /**
   * Moves every process's clock to `now` (forward only), this one's before answering. When the
   * request was answered already (its Idempotency-Key, docs/adr/0011), nothing moves and the
   * recorded answer comes back instead.
   */
  async move(
    now: IsoInstant,
    meta: CommandMeta,
  ): Promise<{ readonly now: DateTime; readonly answered: TestClockDueWorkRan['data'] | null }> {
    const { decision, state, replayed } = await this.streams.run(
      TEST_CLOCK_STREAM,
      (current, ctx) => decideTestClock({ type: 'MoveTestClock', data: { now } }, current, ctx),
      meta,
      { idempotent: 'pending' },
    );
    if (replayed?.type === 'TestClockDueWorkRan') {
      return {
        now: this.clock.now(),
        answered: replayed.data as unknown as TestClockDueWorkRan['data'],
      };
    }
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
    if (state.now !== null) this.follow(state.now);
    return { now: this.clock.now(), answered: null };
  }

  /** Records what the move ran: the answer a retry of the move gets again. */
  async recordDueWork(data: TestClockDueWorkRan['data'], meta: CommandMeta): Promise<void> {
    await this.streams.run(
      TEST_CLOCK_STREAM,
      (current, ctx) => decideTestClock({ type: 'RecordDueWork', data }, current, ctx),
      meta,
      { idempotent: 'answers' },
    );
  }

  /** Listens to every move; returns the function that stops listening. */
  onMove(listener: ClockMoveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves this process's clock forward to `instant`; an older instant changes nothing. */
  private follow(instant: IsoInstant): void {
    const next = parseIsoInstant(instant);
    invariant(next !== null, `The test-clock stream holds a malformed instant: ${instant}`);
    if (next <= this.clock.now()) return;
    this.clock.set(next);
    for (const listener of this.listeners) listener(next);
  }

  /** Follows the stream's new moves from `position` until stopped, resubscribing after an error. */
  private async followFrom(position: Position | typeof START): Promise<void> {
    let from = position;
    while (!this.stopped) {
      try {
        // Inside the try: a store that cannot be read now (a storage fault) is retried, not fatal.
        const subscription = this.store.subscribeToAll({
          fromPosition: from,
          filter: { streamPrefixes: [TEST_CLOCK_STREAM] },
        });
        this.subscription = subscription;
        for await (const event of subscription) {
          from = event.position;
          if (event.streamId !== TEST_CLOCK_STREAM || event.type !== 'TestClockMoved') continue;
          const data = event.data as TestClockEvent['data'];
          this.follow(data.now);
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`Following the test clock failed; resubscribing: ${String(error)}`);
        await this.scheduler.sleep(LIMITS.followUps.retryInitialMs);
      }
    }
  }
}
