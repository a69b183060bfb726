import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRole } from '@lib/common';

/** Who is calling: the role of their API key and the key's fingerprint, never the key. */
export interface Actor {
  readonly role: ApiRole;
  readonly keyId: string;
}

// Keyed by the request object, so the actor lives exactly as long as its request, and nothing
// has to widen Fastify's request type.
const actors = new WeakMap<object, Actor>();

export function attachActor(request: object, actor: Actor): void {
  actors.set(request, actor);
}

/** The actor the guard authenticated, or undefined on a public route. */
export function actorOf(request: object): Actor | undefined {
  return actors.get(request);
}

/**
 * The authenticated caller, as a handler parameter: `handle(@CurrentActor() actor: Actor)`.
 * Using it on a @Public() route is a bug (there is no actor), so it fails loudly.
 */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = actorOf(context.switchToHttp().getRequest<object>());
  if (actor === undefined) {
    throw new Error('@CurrentActor() on a route without authentication (is it @Public()?)');
  }
  return actor;
});
