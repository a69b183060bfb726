import { END, type EventStore, type Position } from '@lib/event-store';
import { paymentsProjection } from '../../src/payments';
import type { Projection, ReadModelDatabase } from '../../src/projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../../src/projection-runner';
import { openReadModelDatabase } from '../../src/read-model-database';
import { tallyProjection } from './tally.projection';

/** The projections most suites run: the real one, and the tally that catches double applies. */
export function testProjections(): Projection[] {
  return [paymentsProjection, tallyProjection()];
}

export function runnerOver(
  store: EventStore,
  db: ReadModelDatabase,
  options: Partial<ProjectionRunnerOptions> = {},
): ProjectionRunner {
  return new ProjectionRunner({
    store,
    db,
    projections: testProjections(),
    ...options,
  });
}

export async function lastPositionOf(store: EventStore): Promise<Position> {
  const [last] = await store.readAll({ direction: 'backwards', fromPosition: END, maxCount: 1 });
  if (last === undefined) throw new Error('The store is empty');
  return last.position;
}

/** A fresh in-memory read model rebuilt from the whole log. */
export async function rebuiltReadModel(
  store: EventStore,
  projections: readonly Projection[] = testProjections(),
): Promise<ReadModelDatabase> {
  const db = openReadModelDatabase(':memory:');
  await runnerOver(store, db, { projections }).rebuild();
  return db;
}

export function at(commit: number): Position {
  return { commit: BigInt(commit), prepare: BigInt(commit) };
}
