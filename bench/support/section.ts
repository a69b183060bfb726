import type { BenchFlags, Section } from './flags';
import type { ApiKeys } from './ledger-server';
import type { Row } from './table';
import type { TempDirs } from './temp-dir';

/** What every section of the run gets. */
export interface BenchContext {
  readonly flags: BenchFlags;
  readonly temp: TempDirs;
  readonly keys: ApiKeys;
  /** Lines printed under the table (sizes, settings, what went wrong in part). */
  readonly note: (line: string) => void;
}

/** One independent part of the run: it fills its rows, or each of them says why it failed. */
export interface BenchSection {
  readonly name: Section;
  /** The measure names of its rows, for the rows it prints when it fails. */
  readonly measures: readonly string[];
  /** Needs the built server (`npm run build`). */
  readonly needsBuild: boolean;
  run(context: BenchContext): Promise<Row[]>;
}
