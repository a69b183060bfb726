import type { Position } from '@lib/event-store';
import type { ReadModelDatabase } from './projection';

/**
 * Where each log-driven saga stands in `$all`, in a table of its own in the read-model file. The
 * file is a rebuildable cache, and so is this: without a row the saga starts from the beginning of
 * the log, which is only slower, because what the sagas do is idempotent (docs/adr/0006).
 */
const DDL = `
CREATE TABLE IF NOT EXISTS saga_checkpoints (
  name             TEXT    PRIMARY KEY,
  position_commit  INTEGER NOT NULL,
  position_prepare INTEGER NOT NULL
) STRICT;
`;

interface CheckpointRow {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export class SagaCheckpoints {
  private readonly readStmt;
  private readonly saveStmt;

  constructor(db: ReadModelDatabase) {
    db.exec(DDL);
    // bigint: an EventStoreDB position is a 64-bit byte offset, beyond a number's exact range.
    this.readStmt = db
      .prepare<[string], CheckpointRow>(
        'SELECT position_commit AS "commit", position_prepare AS prepare' +
          ' FROM saga_checkpoints WHERE name = ?',
      )
      .safeIntegers(true);
    this.saveStmt = db.prepare<[string, bigint, bigint]>(
      'INSERT INTO saga_checkpoints (name, position_commit, position_prepare) VALUES (?, ?, ?)' +
        ' ON CONFLICT (name) DO UPDATE SET position_commit = excluded.position_commit,' +
        ' position_prepare = excluded.position_prepare',
    );
  }

  read(name: string): Position | null {
    const row = this.readStmt.get(name);
    return row === undefined ? null : { commit: row.commit, prepare: row.prepare };
  }

  save(name: string, position: Position): void {
    this.saveStmt.run(name, position.commit, position.prepare);
  }
}
