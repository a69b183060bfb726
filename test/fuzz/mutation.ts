import type { Draft } from './draft';
import type { RouteSpec } from './openapi-routes';
import type { Rng } from './rng';
import type { World } from './world';

/** What a mutation may consult besides the draft. */
export interface MutationContext {
  readonly world: World;
  /** Every route, to tell a wrong method from another route's method. */
  readonly routes: readonly RouteSpec[];
}

/** One way of bending a request; `apply` returns a label of what it did, for reports. */
export interface Mutation {
  readonly name: string;
  /** How often it is chosen, relative to the others that apply. */
  readonly weight: number;
  applies(draft: Draft): boolean;
  apply(draft: Draft, rng: Rng, context: MutationContext): string;
}
