/**
 * `npm run chaos -- --cycles 20 [--seed S] [--clients N] [--keep] [--no-build]`: builds the
 * service, runs the chaos loop (chaos-loop.ts) and prints its summary; exits 1 on any failure,
 * naming the seed that reproduces the run.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CHAOS_OPTIONS, runChaos } from './chaos-loop';
import { summaryTables } from './chaos-summary';

const ROOT = path.resolve(__dirname, '..', '..');
/** Failures printed in full; the rest are counted. */
const LISTED_FAILURES = 30;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`chaos: --${name} must be a whole number, not ${text}\n`);
    process.exit(2);
  }
  return value;
}

function build(): void {
  process.stdout.write('npm run build …\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('chaos: the build failed\n');
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cycles: { type: 'string' },
      seed: { type: 'string' },
      clients: { type: 'string' },
      keep: { type: 'boolean' },
      'no-build': { type: 'boolean' },
    },
  });
  const options = {
    ...DEFAULT_CHAOS_OPTIONS,
    cycles: wholeNumber('cycles', values.cycles, 20),
    seed: wholeNumber('seed', values.seed, Math.floor(Math.random() * 2 ** 31)),
    clients: wholeNumber('clients', values.clients, DEFAULT_CHAOS_OPTIONS.clients),
    keepData: values.keep === true,
  };
  if (values['no-build'] !== true) build();
  const summary = await runChaos({
    ...options,
    runtime: values['no-build'] === true ? undefined : 'dist',
    progress: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(summaryTables(summary));
  if (summary.failures.length === 0) {
    process.stdout.write('OK\n');
    return;
  }
  for (const failure of summary.failures.slice(0, LISTED_FAILURES)) {
    process.stdout.write(`  cycle ${failure.cycle} [${failure.check}] ${failure.detail}\n`);
  }
  if (summary.failures.length > LISTED_FAILURES) {
    process.stdout.write(`  … and ${summary.failures.length - LISTED_FAILURES} more\n`);
  }
  process.stdout.write(
    `FAILED. Data folder kept: ${summary.dataDir}\n` +
      `Reproduce: npm run chaos -- --cycles ${summary.cycles} --seed ${summary.seed}` +
      `${options.clients === DEFAULT_CHAOS_OPTIONS.clients ? '' : ` --clients ${options.clients}`}\n` +
      '(a seed repeats the choices of a run, not the service’s exact interleaving)\n',
  );
  process.exitCode = 1;
}

void main();
