import type { Position } from '@lib/event-store';

/**
 * A position of `$all` as the API writes it: a decimal string (DESIGN.md §6), because positions
 * are 64-bit and JSON numbers are not. The embedded store gives commit and prepare the same value,
 * so one number names a position.
 */
export function positionText(position: Position): string {
  return position.commit.toString();
}

const DECIMAL = /^(0|[1-9][0-9]{0,18})$/;
const MAX_POSITION = 9223372036854775807n;

/** The position a client sent back, or null when it is not one (not decimal, or out of range). */
export function parsePosition(text: string): Position | null {
  if (!DECIMAL.test(text)) return null;
  const value = BigInt(text);
  return value > MAX_POSITION ? null : { commit: value, prepare: value };
}
