import type { ReadModelDatabase } from '../../src/projection';

export interface ReadModelDump {
  /** Every table and index, with its SQL. */
  readonly schema: unknown[];
  /** Every row of every table, in a fixed order. */
  readonly rows: Record<string, unknown[]>;
}

/** All of a read-model file, for comparing two files exactly. */
export function dumpReadModels(db: ReadModelDatabase): ReadModelDump {
  const schema = db
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'" +
        ' ORDER BY type, name',
    )
    .all() as { type: string; name: string }[];
  const rows: Record<string, unknown[]> = {};
  for (const { type, name } of schema) {
    if (type !== 'table') continue;
    const columns = db.prepare(`SELECT * FROM "${name}" LIMIT 0`).columns().length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    rows[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all();
  }
  return { schema, rows };
}
