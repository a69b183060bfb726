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

/** A store whose first `failures` subscriptions break after `after` events (a lost connection). */
class FlakyStore implements EventStore {
  subscriptions = 0;

  constructor(
    private readonly inner: MemoryEventStore,
    private readonly failures: number,
    private readonly after: number,
  ) {}

  appendToStream(streamId: string, events: readonly EventData[]) {
    return this.inner.appendToStream(streamId, events);
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.inner.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions) {
    return this.inner.readAll(options);
  }
  close() {
    return this.inner.close();
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    this.subscriptions += 1;
    const inner = this.inner.subscribeToAll(options);
    if (this.subscriptions > this.failures) return inner;
    const after = this.after;
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

  it('given subscriptions that break mid-catch-up, then the runner resubscribes from its stored checkpoint and applies every event once', async () => {
    const store = new FlakyStore(memory, 2, 250);
    const errors: unknown[] = [];
    const db = openReadModelDatabase(':memory:');
    const runner = runnerOver(store, db, {
      batchSize: 100,
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
    expect(store.subscriptions).toBe(3);
    // The tally throws on an event applied twice, and a skipped one would show in the dump.
    expect(dumpReadModels(db)).toEqual(dumpReadModels(await rebuiltReadModel(memory)));
  });

  it('given a store that is down, when the runner is stopped during its backoff, then stop returns at once', async () => {
    const store = new DownStore(memory, 0, 0);
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
