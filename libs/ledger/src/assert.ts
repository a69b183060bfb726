/**
 * Bugs, not refusals: a broken invariant throws and is never caught and hidden (STYLE.md "Errors").
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/**
 * Ends every `switch` over a union: adding a member without handling it fails to compile. The
 * message names the value's tag only: the value itself may be a guest's payer, whose phone key and
 * password hash must never reach a log (R25).
 */
export function assertNever(value: never, what = 'value'): never {
  throw new InvariantViolation(`Unexpected ${what}: ${tagOf(value)}`);
}

/** `type`, `kind` or `status` of an object, a string as it is, else only what sort of value it is. */
function tagOf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) {
    for (const field of ['type', 'kind', 'status'] as const) {
      const tag: unknown = (value as Record<string, unknown>)[field];
      if (typeof tag === 'string') return `${field} ${JSON.stringify(tag)}`;
    }
    return 'an object of another shape';
  }
  return `a ${typeof value}`;
}

/**
 * `Array.isArray` without its narrowing to `any[]`: commands are typed, but built from outside
 * input, so the domain checks their shape at run time and keeps the declared types.
 */
export function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
