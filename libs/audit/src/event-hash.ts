import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { redactData, redactStreamId } from './redaction';

/** The event as the hash sees it (docs/audit.md §3). */
export interface HashedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** The first event of a stream has no previous hash. */
export type PrevHash = string | null;

const DOMAIN = 'judgment-fee-ledger/event/v1\n';

/**
 * SHA-256 (hex) over the canonical encoding of an event and the hash of the event before it in
 * its stream. The guest's secrets and a guest look-up stream's phone key enter it as their
 * digests, so the redacted form an export shows hashes the same; `hash` and `prevHash` in the
 * metadata are left out (they are the chain itself).
 */
export function eventHash(event: HashedEvent, prevHash: PrevHash): string {
  const { hash: _hash, prevHash: _prev, ...metadata } = event.metadata;
  const body = canonicalJson({
    stream: redactStreamId(event.streamId),
    revision: event.revision.toString(),
    type: event.type,
    data: redactData(event.data),
    metadata,
    prevHash,
  });
  return createHash('sha256')
    .update(DOMAIN + body, 'utf8')
    .digest('hex');
}

/** The stored hash of an event, when it carries one (events written before chains carry none). */
export function storedHashOf(metadata: Readonly<Record<string, unknown>>): string | undefined {
  const hash = metadata.hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** A well-formed event hash: 64 lowercase hex digits. */
export function isEventHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/**
 * The hash of the last of a stream's events, in order: the stored hash where the last event has
 * one; otherwise the chain computed from the stream's first event (events written before chains).
 */
export function lastHashOf(events: readonly HashedEvent[]): PrevHash {
  const last = events[events.length - 1];
  if (last === undefined) return null;
  const stored = storedHashOf(last.metadata);
  if (stored !== undefined) return stored;
  let prev: PrevHash = null;
  for (const event of events) prev = storedHashOf(event.metadata) ?? eventHash(event, prev);
  return prev;
}
