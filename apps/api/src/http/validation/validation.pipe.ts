import { ValidationPipe } from '@nestjs/common';
import { fieldViolationsOf } from './field-violations';
import { validationFailed } from './validation-failed';

/**
 * The global pipe for bodies and queries: only declared properties pass (an unknown one is a 400,
 * not silently dropped), values keep their JSON types (no "5000" for 5000), and every violation is
 * reported at once, in Korean.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
