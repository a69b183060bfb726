import type { JsonValue } from '@lib/event-store';

/** What support never needs to see of a guest: the look-up key and the password hash (R15). */
const GUEST_SECRETS: ReadonlySet<string> = new Set(['phoneKey', 'passwordHash']);

/** A copy of event data without the guest's secrets, wherever in the data they sit. */
export function withoutGuestSecrets(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withoutGuestSecrets);
  if (value === null || typeof value !== 'object') return value;
  const copy: { [key: string]: JsonValue } = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!GUEST_SECRETS.has(key)) copy[key] = withoutGuestSecrets(inner);
  }
  return copy;
}
