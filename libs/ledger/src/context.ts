import type { DateTime } from 'luxon';
import type { LedgerPolicy } from './policy';

/** Who asks (DESIGN.md §6 roles; `system` for the worker's sweeps and sagas). */
export type ActorRole = 'client' | 'gateway' | 'support' | 'auditor' | 'admin' | 'system';

export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
}

/**
 * Everything a decision may depend on besides the command and the state. The domain never reads a
 * clock or a random source: replaying the same commands with the same context gives the same events.
 */
export interface DecisionContext {
  /** The current instant (the command side passes its clock's now, zone Asia/Seoul). */
  readonly now: DateTime;
  /** Fresh opaque ids (e.g. item ids); the command side backs it with uuids. */
  readonly newId: () => string;
  readonly actor: Actor;
  readonly policy: LedgerPolicy;
}
