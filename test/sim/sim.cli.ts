/**
 * `npm run sim -- --seeds 10000 [--from 1] [--store memory|sqlite] [--seconds N] [--broken RULE]`:
 * runs one simulation per seed and prints runs/s; on a failure, the seed, its violations and a
 * shrunk schedule that reproduces it (exit code 1). Not a test: `npm test` runs a fixed set.
 */
import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { shrink } from './shrink';
import { DEFAULT_OPTIONS, scheduleForSeed, simulate, type SimulationOptions } from './simulation';
import type { BrokenRule } from './sim-process';

interface Arguments {
  readonly seeds: number;
  readonly from: number;
  readonly seconds: number;
  readonly options: SimulationOptions;
}

function parse(argv: readonly string[]): Arguments {
  const value = (name: string, fallback: string): string => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 && argv[index + 1] !== undefined ? argv[index + 1]! : fallback;
  };
  const store = value('store', 'memory');
  if (store !== 'memory' && store !== 'sqlite') throw new Error('--store is memory or sqlite');
  const broken = value('broken', 'none') as BrokenRule;
  if (!['none', 'view-during-cancelling', 'skip-voids'].includes(broken)) {
    throw new Error('--broken is none, view-during-cancelling or skip-voids');
  }
  return {
    seeds: Number(value('seeds', '1000')),
    from: Number(value('from', '1')),
    seconds: Number(value('seconds', 'Infinity')),
    options: { ...DEFAULT_OPTIONS, store, broken },
  };
}

async function main(): Promise<void> {
  Logger.overrideLogger(false); // the processes' logs would drown the report
  const args = parse(process.argv.slice(2));
  const started = performance.now();
  let runs = 0;
  const failed: number[] = [];
  for (let seed = args.from; seed < args.from + args.seeds; seed += 1) {
    if ((performance.now() - started) / 1000 > args.seconds) break;
    const result = await simulate(seed, scheduleForSeed(seed), args.options);
    runs += 1;
    if (result.violations.length === 0) continue;
    failed.push(seed);
    process.stdout.write(
      `\nseed ${seed} FAILED:\n  ${result.violations.slice(0, 10).join('\n  ')}\n`,
    );
    const shrunk = await shrink(
      scheduleForSeed(seed),
      async (candidate) => (await simulate(seed, candidate, args.options)).violations.length > 0,
    );
    process.stdout.write(
      `  reproduced by ${shrunk.length} of ${scheduleForSeed(seed).length} steps:\n` +
        `  ${JSON.stringify(shrunk)}\n`,
    );
    if (failed.length >= 5) break;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${runs} runs (${args.options.store} store, broken rule: ${args.options.broken}) in ` +
      `${seconds.toFixed(1)} s: ${(runs / seconds).toFixed(1)} runs/s; ` +
      `${failed.length === 0 ? 'no invariant violated' : `failed seeds: ${failed.join(', ')}`}\n`,
  );
  process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
