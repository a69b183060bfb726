import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import type { FieldViolation } from '../problem/problem';
import { fieldViolationsOf, UNDECLARED_PROPERTY_MESSAGE } from './field-violations';
import { validationFailed } from './validation-failed';

/**
 * The global pipe for bodies and queries: only declared properties pass (an unknown one is a 400,
 * not silently dropped), values keep their JSON types (no "5000" for 5000), and every violation is
 * reported at once, in Korean.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(fieldViolationsOf(errors)),
  });
}

/** Names of Object.prototype's members: `hasOwnProperty`, `toString`, `__defineGetter__`, … */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * class-validator's whitelist looks a property's rules up in a plain object, so a key named like a
 * member of Object.prototype finds that member there and passes for declared; class-transformer
 * then drops it without a word (found by the HTTP fuzzer, issue 13). No DTO declares such a name,
 * so they are refused here, as every other undeclared property is.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only parsed JSON and query strings: other parameters (custom decorators) may be live objects.
    const parsed = metadata.type === 'body' || metadata.type === 'query';
    const inherited = parsed ? inheritedNamesIn(value) : [];
    if (inherited.length > 0) {
      throw validationFailed(inherited);
    }
    return super.transform(value, metadata);
  }
}

/** Every own key named like an Object.prototype member, at any depth, with its path. */
function inheritedNamesIn(root: unknown): FieldViolation[] {
  const violations: FieldViolation[] = [];
  // Iterative: the JSON parser bounds depth and size, but a walk should not rely on it.
  const pending: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value)
        ? `${path}[${key}]`
        : path === ''
          ? key
          : `${path}.${key}`;
      if (!Array.isArray(value) && INHERITED_NAMES.has(key)) {
        violations.push({ field: childPath, message: UNDECLARED_PROPERTY_MESSAGE });
      }
      pending.push({ value: child, path: childPath });
    }
  }
  return violations;
}
