import type Database from 'better-sqlite3';

/** How one table of the live read model differs from the rebuilt one. */
export interface TableDiff {
  readonly table: string;
  readonly liveRows: number;
  readonly rebuiltRows: number;
  /** Rows the rebuild has and the live file lacks (or holds otherwise). */
  readonly missing: number;
  /** Rows the live file has and the rebuild does not. */
  readonly extra: number;
  /** A few of each, as JSON, for a person to look at. */
  readonly samples: { readonly missing: string[]; readonly extra: string[] };
}

/** Tables of the runner's own bookkeeping, compared apart from the rows. */
const BOOKKEEPING = new Set(['projection_checkpoints', 'saga_checkpoints']);
const SAMPLES = 3;

function tablesOf(db: Database.Database): string[] {
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  return rows.map((row) => row.name).filter((name) => !BOOKKEEPING.has(name));
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (
    db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as {
      name: string;
    }[]
  ).map((row) => row.name);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Row = readonly unknown[];

/** The table's rows in SQLite's order over all its columns, a row at a time. */
function* rowsOf(db: Database.Database, table: string, columns: readonly string[]): Generator<Row> {
  const list = columns.map(quote).join(', ');
  const statement = db.prepare(`SELECT ${list} FROM ${quote(table)} ORDER BY ${list}`).raw(true);
  yield* statement.safeIntegers(true).iterate() as Iterable<Row>;
}

/** SQLite's storage classes in its sort order: NULL, numbers, text, blobs. */
function rank(value: unknown): number {
  if (value === null) return 0;
  if (typeof value === 'number' || typeof value === 'bigint') return 1;
  if (typeof value === 'string') return 2;
  return 3;
}

/** Compares two rows as `ORDER BY` every column does (BINARY collation: UTF-8 bytes). */
function compareRows(a: Row, b: Row): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i];
    const y = b[i];
    const byRank = rank(x) - rank(y);
    if (byRank !== 0) return byRank;
    let order = 0;
    if (typeof x === 'string' && typeof y === 'string')
      order = Buffer.compare(Buffer.from(x), Buffer.from(y));
    else if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) order = Buffer.compare(x, y);
    else if (x !== null && y !== null) {
      // A bigint and a number compare exactly in JavaScript, whatever their sizes.
      const [p, q] = [x as number | bigint, y as number | bigint];
      order = p < q ? -1 : p > q ? 1 : 0;
    }
    if (order !== 0) return order;
  }
  return 0;
}

const rowText = (row: Row) =>
  JSON.stringify(row, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );

/**
 * Compares every table the rebuild made with the live file's table of the same name, row by row
 * in one sorted pass over each (neither is held in memory). Equal read models give no diffs.
 */
export function diffReadModels(live: Database.Database, rebuilt: Database.Database): TableDiff[] {
  const liveTables = new Set(tablesOf(live));
  const diffs: TableDiff[] = [];
  for (const table of tablesOf(rebuilt)) {
    const columns = columnsOf(rebuilt, table);
    const fresh = rowsOf(rebuilt, table, columns);
    const comparable = liveTables.has(table) && sameColumns(columnsOf(live, table), columns);
    const old = comparable ? rowsOf(live, table, columns) : ([] as Row[])[Symbol.iterator]();
    const diff = {
      table,
      liveRows: 0,
      rebuiltRows: 0,
      missing: 0,
      extra: 0,
      samples: { missing: [] as string[], extra: [] as string[] },
    };
    let a = fresh.next();
    let b = old.next();
    while (!a.done || !b.done) {
      const order = a.done ? 1 : b.done ? -1 : compareRows(a.value, b.value);
      if (order < 0 && !a.done) {
        diff.rebuiltRows += 1;
        diff.missing += 1;
        if (diff.samples.missing.length < SAMPLES) diff.samples.missing.push(rowText(a.value));
        a = fresh.next();
      } else if (order > 0 && !b.done) {
        diff.liveRows += 1;
        diff.extra += 1;
        if (diff.samples.extra.length < SAMPLES) diff.samples.extra.push(rowText(b.value));
        b = old.next();
      } else {
        diff.rebuiltRows += 1;
        diff.liveRows += 1;
        a = fresh.next();
        b = old.next();
      }
    }
    if (!comparable)
      diff.samples.extra.push(`(the live file has no table ${table} with these columns)`);
    diffs.push(diff);
  }
  return diffs;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
