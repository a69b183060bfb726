import type { ReadModelDatabase } from './projection';

/** A secondary index taken off during a rebuild, with the SQL that makes it again. */
export interface DeferredIndex {
  readonly name: string;
  readonly sql: string;
}

/**
 * Drops the secondary indexes of `tables` and returns them. A rebuild inserts every row once, and
 * building each index at the end from sorted rows beats keeping it current row by row (about 5%
 * of a rebuild of a million events) and packs it tighter. Indexes SQLite makes itself (primary
 * keys, UNIQUE) stay: `apply` finds rows through them.
 */
export function dropSecondaryIndexes(
  db: ReadModelDatabase,
  tables: ReadonlySet<string>,
): DeferredIndex[] {
  const indexes = db
    .prepare<[], DeferredIndex & { table: string }>(
      'SELECT name, sql, tbl_name AS "table" FROM sqlite_master WHERE type = \'index\'' +
        ' AND sql IS NOT NULL ORDER BY name',
    )
    .all()
    .filter((index) => tables.has(index.table))
    .map(({ name, sql }) => ({ name, sql }));
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replace(/"/g, '""')}"`);
  return indexes;
}

/** Makes the indexes again from their own SQL, so the schema reads exactly as `migrate` left it. */
export function createIndexes(db: ReadModelDatabase, indexes: readonly DeferredIndex[]): void {
  for (const { sql } of indexes) db.exec(sql);
}

/** The tables of the file, to tell which ones a projection's `migrate` made. */
export function tableNames(db: ReadModelDatabase): Set<string> {
  const names = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .pluck()
    .all();
  return new Set(names);
}
