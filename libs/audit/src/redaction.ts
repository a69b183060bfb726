import { createHash } from 'node:crypto';

/** What stands in for a guest's secret in the audit log, exports and the hash (R25). */
export interface RedactedSecret {
  readonly sha256: string;
}

const GUEST_LOOKUP_PREFIX = 'guest-lookup-';
const REDACTED_STREAM_MARK = 'sha256-';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function redactSecret(value: unknown): unknown {
  return typeof value === 'string' ? { sha256: sha256Hex(value) } : value;
}

/**
 * An event's data as auditors see it (R25): a guest payer's `passwordHash` and `phoneKey` become
 * `{ "sha256": "<hex>" }`, the SHA-256 of the stored value. Already redacted data stays as it is,
 * so redacting twice changes nothing and an export verifies as the store does.
 */
export function redactData(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  const payer = record.payer;
  if (payer === null || typeof payer !== 'object' || Array.isArray(payer)) return data;
  const guest = payer as Record<string, unknown>;
  if (guest.type !== 'GUEST') return data;
  return {
    ...record,
    payer: {
      ...guest,
      passwordHash: redactSecret(guest.passwordHash),
      phoneKey: redactSecret(guest.phoneKey),
    },
  };
}

/** A stream's name as auditors see it: a guest look-up stream names its phone key by digest. */
export function redactStreamId(streamId: string): string {
  if (!streamId.startsWith(GUEST_LOOKUP_PREFIX)) return streamId;
  const key = streamId.slice(GUEST_LOOKUP_PREFIX.length);
  if (key.startsWith(REDACTED_STREAM_MARK)) return streamId;
  return `${GUEST_LOOKUP_PREFIX}${REDACTED_STREAM_MARK}${sha256Hex(key)}`;
}
