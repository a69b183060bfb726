/**
 * Bugs, not refusals: a broken invariant throws and is never caught and hidden (STYLE.md "Errors").
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/** Ends every `switch` over a union: adding a member without handling it fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new InvariantViolation(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * `Array.isArray` without its narrowing to `any[]`: commands are typed, but built from outside
 * input, so the domain checks their shape at run time and keeps the declared types.
 */
export function isArray(value: unknown): boolean {
  return Array.isArray(value);
}
