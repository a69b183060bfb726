import { MemoryEventStore } from '@lib/event-store';
import { paymentStreamId } from '@lib/ledger';
import { ProjectionRunnerStoppedError, WaitForPositionTimeoutError } from '../src/errors';
import { getPayment } from '../src/payments';
import type { ProjectionRunner } from '../src/projection-runner';
import type { ReadModelDatabase } from '../src/projection';
import { openReadModelDatabase } from '../src/read-model-database';
import { kst, requested, toEventData } from './support/events';
import { at, runnerOver } from './support/read-models';

describe('Projection runner: waitForPosition (read-your-writes after a command)', () => {
  let store: MemoryEventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    store = new MemoryEventStore();
    db = openReadModelDatabase(':memory:');
    runner = runnerOver(store, db);
    await runner.start();
    await runner.caughtUp;
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
  });

  const request = (paymentId: string) =>
    store.appendToStream(paymentStreamId(paymentId), [
      toEventData(requested(paymentId, kst('2026-12-01T10:00'))),
    ]);

  it('given a command just appended, when waiting for its position, then the read model shows it', async () => {
    const { position } = await request('p-1');
    await runner.waitForPosition(position);
    expect(getPayment(db, 'p-1')?.status).toBe('REQUESTED');
  });

  it('given a wait for a position not yet in the log, when the event arrives, then the wait resolves', async () => {
    const waiting = runner.waitForPosition(at(2));
    await request('p-1');
    await request('p-2');
    await waiting;
    expect(getPayment(db, 'p-2')).not.toBeNull();
  });

  it('given an event no projection handles, then it still moves every checkpoint on', async () => {
    await request('p-1');
    const { position } = await store.appendToStream('noise-1', [
      { type: 'NoiseRecorded', data: {} },
    ]);
    await runner.waitForPosition(position);
    expect(runner.checkpointOf('payments')).toEqual(position);
    expect(runner.checkpointOf('tally')).toEqual(position);
  });

  it('given a position the log does not reach, when the timeout passes, then the wait rejects with WaitForPositionTimeoutError', async () => {
    const { position } = await request('p-1');
    await runner.waitForPosition(position);
    const waiting = runner.waitForPosition(at(99), 20);
    await expect(waiting).rejects.toBeInstanceOf(WaitForPositionTimeoutError);
    await expect(waiting).rejects.toMatchObject({
      position: at(99),
      timeoutMs: 20,
      reached: position,
    });
  });

  it('given a pending wait, when the runner stops, then the wait rejects with ProjectionRunnerStoppedError', async () => {
    const waiting = runner.waitForPosition(at(99), 60_000);
    await runner.stop();
    await expect(waiting).rejects.toBeInstanceOf(ProjectionRunnerStoppedError);
  });

  it('given a position already applied, then the wait resolves even after the runner stopped', async () => {
    const { position } = await request('p-1');
    await runner.waitForPosition(position);
    await runner.stop();
    await expect(runner.waitForPosition(position, 0)).resolves.toBeUndefined();
  });
});
