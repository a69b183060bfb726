/**
 * The canonical JSON of a value (docs/audit.md §2; RFC 8785 for any value JSON can hold): object
 * keys sorted by UTF-16 code unit (as JavaScript compares strings), no whitespace, `undefined`
 * members left out, strings and numbers as `JSON.stringify` writes them, and a value with
 * `toJSON` (a Date) as that, so the form hashed is the form the store keeps. The same JSON written
 * with its keys in another order has the same canonical form, and so the same hash.
 */
export function canonicalJson(value: unknown): string {
  if (hasToJson(value)) return canonicalJson(value.toJSON());
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  );
}
