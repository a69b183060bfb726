import {
  eventHash,
  isEventHash,
  storedHashOf,
  type HashedEvent,
  type PrevHash,
} from './event-hash';

/**
 * Follows every stream's chain through the log in order: the hash of each event, as stored, or
 * computed by the chain rule for an event written before chains existed.
 */
export class ChainHashes {
  private readonly last = new Map<string, PrevHash>();

  hashOf(event: HashedEvent): string {
    const prev = this.last.get(event.streamId) ?? null;
    // A stored hash that is not even hex (a damaged file) is replaced by the one recomputed.
    const stored = storedHashOf(event.metadata);
    const hash = isEventHash(stored) ? stored : eventHash(event, prev);
    this.last.set(event.streamId, hash);
    return hash;
  }
}
