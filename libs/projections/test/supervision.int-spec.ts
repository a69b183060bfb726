import {
  MemoryEventStore,
  type EventData,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '@lib/event-store';
import { ProjectionApplyError } from '../src/errors';
import { paymentsProjection } from '../src/payments';
import { openReadModelDatabase } from '../src/read-model-database';
import { dumpReadModels } from './support/dump';
import { appendInOrder, generateHistory } from './support/history';
import { lastPositionOf, rebuiltReadModel, runnerOver } from './support/read-models';

interface Failures {
  /** Which calls of `readAll` fail (1 is the first), as a lost connection would. */
  readonly reads?: readonly number[];
  /** How many subscriptions break, each after delivering `after` events. */
  readonly subscriptions?: number;
  readonly after?: number;
}

/** A store whose reads and subscriptions fail as told (a lost connection). */
class FlakyStore implements EventStore {
  reads = 0;
  subscriptions = 0;

  constructor(
    private readonly inner: MemoryEventStore,
    private readonly failures: Failures = {},
  ) {}

  appendToStream(streamId: string, events: readonly EventData[]) {
    return this.inner.appendToStream(streamId, events);
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.inner.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions) {
    this.reads += 1;
    if (this.failures.reads?.includes(this.reads) === true) {
      return Promise.reject(new Error('connection lost'));
    }
    return this.inner.readAll(options);
  }
  close() {
    return this.inner.close();
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    this.subscriptions += 1;
    const inner = this.inner.subscribeToAll(options);
    if (this.subscriptions > (this.failures.subscriptions ?? 0)) return inner;
    const after = this.failures.after ?? 0;
    return {
      caughtUp: inner.caughtUp,
      unsubscribe: () => inner.unsubscribe(),
      async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent> {
        let delivered = 0;
        for await (const event of inner) {
          if (delivered === after) throw new Error('connection lost');
          delivered += 1;
          yield event;
        }
      },
    };
  }
}

/** A store that cannot subscribe at all. */
class DownStore extends FlakyStore {
  override subscribeToAll(): Subscription {
    this.subscriptions += 1;
    throw new Error('store unreachable');
  }
}

describe('Projection runner: supervision', () => {
  const history = generateHistory({ payments: 300, seed: 5 });
  let memory: MemoryEventStore;

  beforeEach(async () => {
    memory = new MemoryEventStore();
    await appendInOrder(memory, history.appends);
  });
  afterEach(() => memory.close());

  it('given reads that fail mid-catch-up, then the runner reads again from its stored checkpoint and applies every event once', async () => {
    // Read 1 finds the log's end; 2 and on are the catch-up's pages of 100 events.
    const store = new FlakyStore(memory, { reads: [3, 5] });
    const errors: unknown[] = [];
    const db = openReadModelDatabase(':memory:');
    const runner = runnerOver(store, db, {
      catchUpBatchSize: 100,
      backoff: { initialMs: 1, maxMs: 2 },
      onError: (error) => errors.push(error),
    });
    await runner.start();
    await runner.caughtUp;
    await runner.stop();

    expect(errors.map((error) => (error as Error).message)).toEqual([
      'connection lost',
      'connection lost',
    ]);
    expect(store.reads).toBeGreaterThan(5);
    // The tally throws on an event applied twice, and a skipped one would show in the dump.
    expect(dumpReadModels(db)).toEqual(dumpReadModels(await rebuiltReadModel(memory)));
  });

  it('given subscriptions that break once live, then the runner catches up from its stored checkpoint, subscribes again and applies every event once', async () => {
    const live = new MemoryEventStore();
    const half = Math.floor(history.appends.length / 2);
    await appendInOrder(live, history.appends.slice(0, half));
    const store = new FlakyStore(live, { subscriptions: 2, after: 40 });
    const errors: unknown[] = [];
    const db = openReadModelDatabase(':memory:');
    const runner = runnerOver(store, db, {
      batchSize: 10,
      backoff: { initialMs: 1, maxMs: 2 },
      onError: (error) => errors.push(error),
    });
    await runner.start();
    await runner.caughtUp;
    // Three rounds of well over 40 events: the first two each break a subscription.
    const rest = history.appends.slice(half);
    const third = Math.ceil(rest.length / 3);
    for (let from = 0; from < rest.length; from += third) {
      await appendInOrder(live, rest.slice(from, from + third));
      await runner.waitForPosition(await lastPositionOf(live));
    }
    await runner.stop();

    expect(errors.map((error) => (error as Error).message)).toEqual([
      'connection lost',
      'connection lost',
    ]);
    expect(store.subscriptions).toBe(3);
    expect(dumpReadModels(db)).toEqual(dumpReadModels(await rebuiltReadModel(live)));
    await live.close();
  });

  it('given a store that is down, when the runner is stopped during its backoff, then stop returns at once', async () => {
    const store = new DownStore(memory);
    let reported!: () => void;
    const firstError = new Promise<void>((resolve) => (reported = resolve));
    const runner = runnerOver(store, openReadModelDatabase(':memory:'), {
      // Were the timer not cleared on stop, stop() would wait ten minutes: past the test timeout.
      backoff: { initialMs: 600_000, maxMs: 600_000 },
      onError: () => reported(),
    });
    await runner.start();
    await firstError;
    await runner.stop();
    expect(store.subscriptions).toBe(1);
  });

  it('given a projection that throws, then its batch is rolled back, the runner stops, and waits reject with ProjectionApplyError', async () => {
    const broken = {
      ...paymentsProjection,
      apply: () => {
        throw new Error('bug');
      },
    };
    const db = openReadModelDatabase(':memory:');
    const runner = runnerOver(memory, db, { projections: [broken], onError: () => undefined });
    await runner.start();
    await expect(runner.caughtUp).rejects.toBeInstanceOf(ProjectionApplyError);
    await expect(runner.waitForPosition(await lastPositionOf(memory))).rejects.toMatchObject({
      name: 'ProjectionApplyError',
      projection: 'payments',
      eventType: 'PaymentRequested',
    });
    await runner.stop();
    expect(runner.checkpointOf('payments')).toBeNull();
    expect(db.prepare('SELECT count(*) FROM payments').pluck().get()).toBe(0);
  });
});
