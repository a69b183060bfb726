/**
 * `npm run fuzz -- --requests 100000 [--seed S] [--concurrency C] [--max-rss-mb M] [--no-build]
 * [--source]`: builds and starts the real service, fuzzes every route of its contract, prints the
 * summary and every failure (seed, request number, exact request bytes, also saved to files), and
 * exits non-zero on any failure.
 */
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { defaultFailureDir, fuzz } from './fuzzer';

function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      seed: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      'max-rss-mb': { type: 'string', default: '1024' },
      'timeout-ms': { type: 'string', default: '20000' },
      'no-build': { type: 'boolean', default: false },
      source: { type: 'boolean', default: false },
    },
  });
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : whole(values.seed, 'seed');
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  write(`fuzzing with seed ${seed} (repeat with --seed ${seed})`);
  return fuzz({
    requests: whole(values.requests, 'requests'),
    seed,
    concurrency: whole(values.concurrency, 'concurrency'),
    runtime: values.source ? 'ts-node' : 'dist',
    build: !values['no-build'],
    maxRssBytes: whole(values['max-rss-mb'], 'max-rss-mb') * 1024 * 1024,
    answerTimeoutMs: whole(values['timeout-ms'], 'timeout-ms'),
    progress: write,
    failureDir: defaultFailureDir(seed),
  }).then((report) => {
    report.print(write);
    if (report.failures.length > 0) {
      write(`the failing requests' exact bytes: ${defaultFailureDir(seed)}/`);
    }
    return report.failed ? 1 : 0;
  });
}

function whole(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number`);
  return value;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(2);
  },
);
