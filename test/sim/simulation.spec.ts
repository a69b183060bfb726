/**
 * The deterministic simulation in `npm test`: a fixed set of seeds on the in-memory store and a
 * few on SQLite, every one of which must keep the invariants I1–I6; and proof that the invariants
 * bite: a deliberately broken rule (a test-only switch of the simulator, never a production code
 * path) is caught within the fixed set. `npm run sim` runs as many seeds as you like.
 */
import { Logger } from '@nestjs/common';
import { shrink } from './shrink';
import { DEFAULT_OPTIONS, scheduleForSeed, simulate } from './simulation';

/** Seeds that once failed, kept forever (none so far), and a run of ordinary ones. */
const REGRESSION_SEEDS: readonly number[] = [];
const MEMORY_SEEDS = [...REGRESSION_SEEDS, ...Array.from({ length: 300 }, (_, i) => i + 1)];
const SQLITE_SEEDS = Array.from({ length: 40 }, (_, i) => 10_001 + i);

beforeAll(() => {
  Logger.overrideLogger(false);
});

async function violationsOf(seeds: readonly number[], store: 'memory' | 'sqlite') {
  const failures: string[] = [];
  for (const seed of seeds) {
    const { violations } = await simulate(seed, scheduleForSeed(seed), {
      ...DEFAULT_OPTIONS,
      store,
    });
    failures.push(...violations.map((violation) => `seed ${seed}: ${violation}`));
  }
  return failures;
}

describe('the simulation of the PG boundary (R20–R24; invariants I1–I6)', () => {
  it(`keeps every invariant on ${MEMORY_SEEDS.length} seeds of the in-memory store`, async () => {
    expect(await violationsOf(MEMORY_SEEDS, 'memory')).toEqual([]);
  }, 120_000);

  it(`keeps every invariant on ${SQLITE_SEEDS.length} seeds of the SQLite store`, async () => {
    expect(await violationsOf(SQLITE_SEEDS, 'sqlite')).toEqual([]);
  }, 120_000);

  it('is deterministic: a seed replays the same run', async () => {
    const first = await simulate(7, scheduleForSeed(7));
    const second = await simulate(7, scheduleForSeed(7));
    expect(second.stats).toEqual(first.stats);
  });

  it('catches a view allowed while the PG cancels (R20 broken on purpose), and shrinks the schedule', async () => {
    const broken = { ...DEFAULT_OPTIONS, broken: 'view-during-cancelling' as const };
    let caught: number | undefined;
    for (let seed = 1; seed <= 1_000 && caught === undefined; seed += 1) {
      const { violations } = await simulate(seed, scheduleForSeed(seed), broken);
      if (violations.length > 0) caught = seed;
    }
    expect(caught).toBeDefined();
    const schedule = scheduleForSeed(caught!);
    const shrunk = await shrink(
      schedule,
      async (candidate) => (await simulate(caught!, candidate, broken)).violations.length > 0,
    );
    expect(shrunk.length).toBeLessThan(schedule.length);
    expect((await simulate(caught!, shrunk, broken)).violations).not.toEqual([]);
  }, 120_000);

  it('catches approvals that are never given back (R22 broken on purpose) as money at the PG', async () => {
    const broken = { ...DEFAULT_OPTIONS, broken: 'skip-voids' as const };
    let found: string[] = [];
    for (let seed = 1; seed <= 1_000 && found.length === 0; seed += 1) {
      found = (await simulate(seed, scheduleForSeed(seed), broken)).violations;
    }
    expect(found.some((violation) => violation.startsWith('I1'))).toBe(true);
  }, 120_000);
});
