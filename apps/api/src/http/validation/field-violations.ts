import type { ValidationError } from 'class-validator';
import type { FieldViolation } from '../problem/problem';

/** At most this many violations are listed; a request with more gets the first ones and a count. */
export const VIOLATIONS_LISTED_MAX = 50;
const FIELD_CHARS_MAX = 120;

/**
 * Korean messages for the constraints class-validator reports in its own (English) words. Every
 * message the DTOs set is already Korean; these cover the pipe's generic checks.
 */
/** The message of a property no DTO declares. */
export const UNDECLARED_PROPERTY_MESSAGE = '허용되지 않는 항목입니다.';

const GENERIC_MESSAGES: Readonly<Record<string, string>> = {
  whitelistValidation: UNDECLARED_PROPERTY_MESSAGE,
  unknownValue: '알 수 없는 형식의 값입니다.',
  nestedValidation: '객체여야 합니다.',
  isDefined: '필수 항목입니다.',
};
const FALLBACK_MESSAGE = '값이 올바르지 않습니다.';
const HANGUL = /[가-힣]/;

/**
 * Flattens class-validator's tree into `{ field, message }` pairs with paths like
 * `items[3].caseNumber`. Values are never repeated back: they may be a phone number or a password.
 */
export function fieldViolationsOf(errors: readonly ValidationError[]): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const pending = errors.map((error) => ({ error, parent: '' })).reverse();
  // Iterative, so even a pathological tree cannot exhaust the stack.
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { error, parent } = next;
    const field = pathOf(parent, error.property);
    for (const [constraint, message] of relevant(error.constraints ?? {})) {
      violations.push({ field: shorten(field), message: koreanMessage(constraint, message) });
    }
    const children = error.children ?? [];
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index];
      if (child !== undefined) {
        pending.push({ error: child, parent: field });
      }
    }
  }
  return violations;
}

/** Constraints on a value's type; when one fails, the value has the wrong shape altogether. */
const TYPE_CONSTRAINTS: ReadonlySet<string> = new Set([
  'isArray',
  'isInt',
  'isNumber',
  'isBoolean',
  'isString',
]);

/**
 * When a value has the wrong type, the rules about its contents add only noise ("at most 1,000
 * items" for a missing list, "at least 1" for "5000"): only the type is reported.
 */
function relevant(constraints: Readonly<Record<string, string>>): [string, string][] {
  const entries = Object.entries(constraints);
  const wrongType = entries.filter(([name]) => TYPE_CONSTRAINTS.has(name));
  if (wrongType.length > 0) {
    return wrongType;
  }
  return entries.length > 1 ? entries.filter(([name]) => name !== 'nestedValidation') : entries;
}

function pathOf(parent: string, property: string): string {
  if (parent === '') {
    return property;
  }
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

function koreanMessage(constraint: string, message: string): string {
  if (HANGUL.test(message)) {
    return message;
  }
  return GENERIC_MESSAGES[constraint] ?? FALLBACK_MESSAGE;
}

/** An unknown key is echoed as a field name; a megabyte-long one should not be. */
function shorten(field: string): string {
  return field.length <= FIELD_CHARS_MAX ? field : `${field.slice(0, FIELD_CHARS_MAX)}…`;
}
