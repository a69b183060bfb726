import type { Random } from './sim-random';

/**
 * One step of a simulated run. `pick` (in [0, 1)) chooses among what exists when the step runs,
 * so a schedule with steps removed (shrinking) still means something.
 */
export type Step =
  | {
      readonly kind: 'request';
      readonly payer: number;
      readonly transfer: boolean;
      readonly items: number;
    }
  | { readonly kind: 'approve'; readonly pick: number; readonly wrongAmount: boolean }
  | { readonly kind: 'replay-approval'; readonly pick: number }
  | { readonly kind: 'decline'; readonly pick: number }
  | { readonly kind: 'view'; readonly pick: number; readonly item: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'repay'; readonly pick: number }
  | { readonly kind: 'refresh'; readonly pick: number }
  | { readonly kind: 'due-work' }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'crash' };

export const PAYERS = 6;

type Maker = (random: Random) => Step;

const MAKERS: readonly (readonly [number, Maker])[] = [
  [
    14,
    (r) => ({
      kind: 'request',
      payer: r.int(PAYERS),
      transfer: r.chance(0.4),
      items: 1 + r.int(3),
    }),
  ],
  [16, (r) => ({ kind: 'approve', pick: r.next(), wrongAmount: r.chance(0.08) })],
  [4, (r) => ({ kind: 'replay-approval', pick: r.next() })],
  [3, (r) => ({ kind: 'decline', pick: r.next() })],
  [10, (r) => ({ kind: 'view', pick: r.next(), item: r.int(3) })],
  [12, (r) => ({ kind: 'cancel', pick: r.next() })],
  [5, (r) => ({ kind: 'repay', pick: r.next() })],
  [3, (r) => ({ kind: 'refresh', pick: r.next() })],
  [4, () => ({ kind: 'due-work' })],
  [20, (r) => ({ kind: 'advance', ms: advanceMs(r) })],
  [2, () => ({ kind: 'crash' })],
];

const TOTAL_WEIGHT = MAKERS.reduce((sum, [weight]) => sum + weight, 0);

/** Mostly less than a PG call takes; now and then minutes, so deadlines, leases and midnight pass. */
function advanceMs(random: Random): number {
  const roll = random.next();
  if (roll < 0.6) return random.int(2_000);
  if (roll < 0.9) return 2_000 + random.int(30_000);
  return 60_000 + random.int(10 * 60_000);
}

/** The steps of the run a seed names. */
export function scheduleOf(random: Random, steps: number): Step[] {
  return Array.from({ length: steps }, () => {
    let roll = random.int(TOTAL_WEIGHT);
    for (const [weight, make] of MAKERS) {
      roll -= weight;
      if (roll < 0) return make(random);
    }
    throw new Error('unreachable: the weights cover every roll');
  });
}
