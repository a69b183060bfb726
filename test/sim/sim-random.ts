/** mulberry32: small, fast and the same on every machine, so a seed names one run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** 0 … n-1 */
  int(n: number): number;
  chance(p: number): boolean;
  /** A value in [0, 1). */
  next(): number;
}

export function randomOf(seed: number): Random {
  const next = seededRandom(seed);
  return { next, int: (n) => Math.floor(next() * n), chance: (p) => next() < p };
}
