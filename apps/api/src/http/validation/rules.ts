import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime } from 'luxon';

/** `2026-03-01T10:15:30+09:00`, `…T01:15:30.123Z`: date, time with seconds, and an explicit offset. */
const ISO_INSTANT_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** True for an ISO 8601 instant with an offset that names a real moment (no 25:00, no 02-30). */
export function isIsoInstantWithOffset(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    ISO_INSTANT_WITH_OFFSET.test(value) &&
    DateTime.fromISO(value, { setZone: true }).isValid
  );
}

/** An instant stated by another system: without an offset it would be ambiguous by nine hours. */
export function IsIsoInstantWithOffset(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isIsoInstantWithOffset',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isIsoInstantWithOffset(value) },
    });
  };
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

/**
 * One line of text: no control characters (no line breaks to forge log lines with, no NULs), and
 * not only spaces. Two linear tests rather than one clever pattern, which would backtrack
 * quadratically on a long string.
 */
export function isTextLine(value: unknown): value is string {
  return typeof value === 'string' && !CONTROL_CHARACTER.test(value) && /\S/.test(value);
}

export function IsTextLine(options: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isTextLine',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: { validate: (value: unknown) => isTextLine(value) },
    });
  };
}
