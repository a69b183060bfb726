import type { Position } from '@lib/event-store';
import type { ReadModelDatabase } from './projection';

/** One row per projection; a NULL position means "nothing applied yet" (start of the log). */
const DDL = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name             TEXT    PRIMARY KEY,
  version          INTEGER NOT NULL,
  position_commit  INTEGER,
  position_prepare INTEGER
) STRICT;
`;

export interface StoredCheckpoint {
  readonly version: number;
  readonly position: Position | null;
}

interface CheckpointRow {
  readonly version: bigint;
  readonly commit: bigint | null;
  readonly prepare: bigint | null;
}

/**
 * The `projection_checkpoints` table. Positions are read as bigint (`safeIntegers`): an
 * EventStoreDB position is a 64-bit byte offset, beyond a JavaScript number's exact range.
 */
export class CheckpointTable {
  private readonly readStmt;
  private readonly resetStmt;
  private readonly saveStmt;

  constructor(db: ReadModelDatabase) {
    db.exec(DDL);
    this.readStmt = db
      .prepare<[string], CheckpointRow>(
        'SELECT version, position_commit AS "commit", position_prepare AS prepare' +
          ' FROM projection_checkpoints WHERE name = ?',
      )
      .safeIntegers(true);
    this.resetStmt = db.prepare<[string, number]>(
      'INSERT INTO projection_checkpoints (name, version) VALUES (?, ?)' +
        ' ON CONFLICT (name) DO UPDATE SET version = excluded.version,' +
        ' position_commit = NULL, position_prepare = NULL',
    );
    this.saveStmt = db.prepare<[bigint, bigint, string]>(
      'UPDATE projection_checkpoints SET position_commit = ?, position_prepare = ? WHERE name = ?',
    );
  }

  read(name: string): StoredCheckpoint | undefined {
    const row = this.readStmt.get(name);
    if (row === undefined) return undefined;
    const position =
      row.commit === null || row.prepare === null
        ? null
        : { commit: row.commit, prepare: row.prepare };
    return { version: Number(row.version), position };
  }

  /** Records `version` with no position: the projection starts again from the log's start. */
  reset(name: string, version: number): void {
    this.resetStmt.run(name, version);
  }

  save(name: string, position: Position): void {
    const { changes } = this.saveStmt.run(position.commit, position.prepare, name);
    if (changes !== 1) throw new Error(`No checkpoint row for projection ${name}`);
  }
}
