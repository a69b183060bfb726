import { seededRandom } from '../../libs/projections/test/support/seeded-random';

export interface Random {
  /** 0 … n-1 */
  int(n: number): number;
  chance(p: number): boolean;
  /** A value in [0, 1). */
  next(): number;
}

/** The run's one source of randomness (mulberry32, the same on every machine): a seed names a run. */
export function randomOf(seed: number): Random {
  const next = seededRandom(seed);
  return { next, int: (n) => Math.floor(next() * n), chance: (p) => next() < p };
}
