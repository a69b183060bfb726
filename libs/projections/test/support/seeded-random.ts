/** mulberry32: a small deterministic PRNG, so a generated history is the same on every run. */
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

export interface Pick {
  /** 0 … n-1 */
  int(n: number): number;
  chance(p: number): boolean;
  one<T>(list: readonly T[]): T | undefined;
}

export function picker(random: () => number): Pick {
  return {
    int: (n) => Math.floor(random() * n),
    chance: (p) => random() < p,
    one: (list) => list[Math.floor(random() * list.length)],
  };
}
