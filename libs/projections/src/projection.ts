import type Database from 'better-sqlite3';
import type { SlimEvent } from '@lib/event-store';

/** The read-model SQLite connection every projection writes to (see `openReadModelDatabase`). */
export type ReadModelDatabase = Database.Database;

/**
 * One read model: a few tables kept up to date from the global log by the `ProjectionRunner`.
 *
 * A projection holds no state of its own: everything it knows is in its tables, so the runner can
 * apply a batch of events and the projection's checkpoint in one SQLite transaction, and a crash
 * leaves both or neither. `apply` is synchronous for that reason (better-sqlite3 is synchronous,
 * and an `await` inside a transaction would let other work interleave with it).
 */
export interface Projection {
  /** Stable and unique among the runner's projections: the key of its checkpoint row. */
  readonly name: string;
  /**
   * Bump it whenever the tables or the meaning of `apply` change: on start, a runner that finds
   * another version stored drops the projection's tables and rebuilds them from the log.
   */
  readonly version: number;
  /** The event types `apply` is called for; every other event only moves the checkpoint on. */
  readonly handles: readonly string[];
  /** Creates the tables and indexes. Idempotent: it runs on every start. */
  migrate(db: ReadModelDatabase): void;
  /**
   * Applies one event inside the runner's transaction. The runner calls it once per event and
   * never for an event at or below the projection's checkpoint; a throw is a bug, it rolls the
   * whole batch back and stops the runner. The event comes without its id and metadata: a
   * projection keeps facts of the data, and the runner does not read the rest while catching up.
   * Find rows by primary key: during a rebuild, secondary indexes are built only at the end.
   */
  apply(event: SlimEvent, tx: ReadModelDatabase): void;
  /** Drops the tables `migrate` creates. */
  drop(db: ReadModelDatabase): void;
}
