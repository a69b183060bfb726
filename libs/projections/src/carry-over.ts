import type { ReadModelDatabase } from './projection';

interface SchemaEntry {
  readonly type: string;
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

/**
 * Copies into `to` every table of `from` that `to` lacks, with its rows, indexes and triggers: what
 * a rebuild into a fresh file must keep of the file it replaces, because no projection makes it
 * (the sagas' checkpoints, docs/adr/0006). A rebuild in place leaves such tables alone; this keeps
 * the scratch-file rebuild to the same result.
 */
export function carryOverTables(from: ReadModelDatabase, to: ReadModelDatabase): void {
  const present = new Set(schemaOf(to).map((entry) => entry.name));
  const entries = schemaOf(from);
  const carried = new Set(
    entries
      .filter((entry) => entry.type === 'table' && !present.has(entry.name))
      .map((entry) => entry.name),
  );
  for (const entry of entries) {
    if (entry.type === 'table' && carried.has(entry.name)) {
      to.exec(entry.sql);
      copyRows(from, to, entry.name);
    }
  }
  for (const entry of entries) {
    if (entry.type !== 'table' && carried.has(entry.table)) to.exec(entry.sql);
  }
}

function schemaOf(db: ReadModelDatabase): SchemaEntry[] {
  return db
    .prepare<[], SchemaEntry>(
      'SELECT type, name, tbl_name AS "table", sql FROM sqlite_master' +
        " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )
    .all();
}

function copyRows(from: ReadModelDatabase, to: ReadModelDatabase, table: string): void {
  const name = `"${table.replace(/"/g, '""')}"`;
  const rows = from.prepare(`SELECT * FROM ${name}`).raw(true).safeIntegers(true);
  const slots = rows.columns().map(() => '?');
  const insert = to.prepare(`INSERT INTO ${name} VALUES (${slots.join(', ')})`);
  for (const row of rows.iterate() as Iterable<unknown[]>) insert.run(row);
}
