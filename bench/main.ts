/**
 * `npm run bench`: the performance table of issue 12. Each row sets the ledger beside a baseline
 * measured in the same run on the same machine, and prints the ratio, because absolute figures
 * move ±30 % between runs and machines. Not a test: nothing here asserts on time.
 * `npm run bench -- --help` lists the flags; docs/performance.md says what each row measures.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { FlagError, helpText, parseFlags, type BenchFlags } from './support/flags';
import { freshApiKeys, REPO_ROOT } from './support/ledger-server';
import { machineLine } from './support/machine';
import { progress } from './support/progress';
import type { BenchContext, BenchSection } from './support/section';
import { failedRow, renderTable, type Row } from './support/table';
import { TempDirs } from './support/temp-dir';
import { httpWriteSection } from './rows/http-write.row';
import { memberListSection } from './rows/member-list.row';
import { memorySoakSection } from './rows/memory-soak.row';
import { projectionRebuildSection } from './rows/projection-rebuild.row';
import { sequentialCommandsSection } from './rows/sequential-commands.row';
import { settlementCloseSection } from './rows/settlement-close.row';
import { storeAppendsSection } from './rows/store-appends.row';

const SECTIONS: readonly BenchSection[] = [
  storeAppendsSection,
  httpWriteSection,
  sequentialCommandsSection,
  projectionRebuildSection,
  settlementCloseSection,
  memberListSection,
  memorySoakSection,
];

async function main(argv: readonly string[]): Promise<number> {
  let flags: BenchFlags | 'help';
  try {
    flags = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (flags === 'help') {
    console.log(helpText());
    return 0;
  }
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? 0;
  const sections = SECTIONS.filter((section) => flags.only.includes(section.name));
  const buildFailure =
    sections.some((section) => section.needsBuild) && flags.build ? build() : null;
  const notes: string[] = [];
  const temp = new TempDirs(flags.keep);
  const context: BenchContext = {
    flags,
    temp,
    keys: freshApiKeys(),
    note: (line) => notes.push(line),
  };
  const rows: Row[] = [];
  let failed = false;
  try {
    for (const section of sections) {
      try {
        if (section.needsBuild && buildFailure !== null) throw new Error(buildFailure);
        rows.push(...(await section.run(context)));
      } catch (error) {
        failed = true;
        progress(
          `${section.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        rows.push(...section.measures.map((measure) => failedRow(measure, error)));
      }
    }
  } finally {
    const kept = temp.removeAll();
    if (kept.length > 0) notes.push(`Kept: ${kept.join(', ')}`);
  }
  console.log(`\n${renderTable(rows)}\n`);
  console.log(machineLine(startedAt, loadAtStart));
  console.log(
    'ratio = ours ÷ baseline; docs/performance.md says which way is better for each row.',
  );
  for (const line of notes) console.log(`- ${line}`);
  return failed ? 1 : 0;
}

/** `npm run build`, so the HTTP rows drive the code as it is now; the reason when it fails. */
function build(): string | null {
  progress('npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (result.status === 0) return null;
  return `npm run build failed (exit ${result.status ?? result.signal ?? 'unknown'})`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
