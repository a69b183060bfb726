// The HTTP layer's public surface: what controllers and handlers import.
export { REQUEST_LIMITS } from './limits';
export type { FieldViolation, ProblemDocument, ProblemFields } from './problem/problem';
export { ProblemException, throwProblem, type ProblemOptions } from './problem/problem.exception';
export { HTTP_PROBLEMS, httpProblem, type HttpProblemCode } from './problem/problem-catalog';
export {
  ApiProblemResponses,
  ProblemSchema,
  type ProblemResponseSpec,
} from './problem/problem.openapi';
export { Public, Roles } from './auth/access.decorators';
export { CurrentActor, actorOf, type Actor } from './auth/actor';
export {
  IdempotencyKey,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
} from './idempotency-key.decorator';
export { ItemIdParam, MemberIdParam, PathParam, PaymentIdParam } from './validation/path-params';
export { validationFailed } from './validation/validation-failed';
export { HttpPlumbingModule } from './http-plumbing.module';
export { commandMetaOf, requestIdOf } from './command-meta';
export { problemOf, refusalProblem } from './problem/refusal.problem';
export { answerAccepted, isAccepted } from './accepted';
export { ContentSecurityPolicy, type CspDirectives } from './security-headers/security-headers';
