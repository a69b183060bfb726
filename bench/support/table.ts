/**
 * The one table `npm run bench` prints: a row per measure, with the baseline measured in the same
 * run and the ratio to it. A section that fails fills its rows with the reason and the rest goes on.
 */

export interface Row {
  readonly measure: string;
  readonly ours: string;
  /** The baseline's figure and what it is, e.g. `29,888/s (raw, 64 INSERTs per transaction)`. */
  readonly baseline: string;
  readonly ratio: string;
  readonly latency?: string;
  readonly eventLoopP99?: string;
}

const COLUMNS = ['measure', 'ours', 'baseline (same run)', 'ratio', 'p50 / p99', 'event-loop p99'];
const RIGHT_ALIGNED = new Set([1, 2, 3, 4, 5]);

export function failedRow(measure: string, error: unknown): Row {
  const reason = error instanceof Error ? error.message : String(error);
  const oneLine = reason.replace(/\s+/g, ' ').trim().slice(0, 160);
  return { measure, ours: `failed: ${oneLine}`, baseline: '—', ratio: '—' };
}

/** A Markdown table, padded so it also reads well in a terminal. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.measure,
    row.ours,
    row.baseline,
    row.ratio,
    row.latency ?? '—',
    row.eventLoopP99 ?? '—',
  ]);
  const widths = COLUMNS.map((title, column) =>
    Math.max(title.length, 3, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    `| ${values
      .map((value, column) =>
        RIGHT_ALIGNED.has(column)
          ? value.padStart(widths[column] ?? 0)
          : value.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) =>
      RIGHT_ALIGNED.has(column) ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
    )
    .join(' | ')} |`;
  return [line(COLUMNS), rule, ...cells.map(line)].join('\n');
}
