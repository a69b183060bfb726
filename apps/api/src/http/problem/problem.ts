/** One violated rule of a request, for `errors` in a VALIDATION_FAILED problem. */
export interface FieldViolation {
  /** Where in the request: `items[3].caseNumber`, `paymentId`, `Idempotency-Key`. */
  readonly field: string;
  /** Korean, for the user. */
  readonly message: string;
}

/**
 * What a thrower says about a problem (RFC 9457 members plus ours). The extension members are a
 * closed list on purpose: a problem cannot carry an arbitrary object, so it cannot leak one.
 */
export interface ProblemFields {
  /** Stable, UPPER_SNAKE; clients switch on it. */
  readonly code: string;
  /** Short English summary of the kind of problem; the same for every occurrence of a code. */
  readonly title: string;
  /** Korean, user-facing (FAQ wording where the FAQ has one). */
  readonly message: string;
  /** English explanation of this occurrence, for developers; never personal data. */
  readonly detail?: string;
  /** Defaults to the URN of the code. */
  readonly type?: string;
  /** Why a refusal happened, e.g. ALREADY_VIEWED for CANCEL_NOT_ALLOWED. */
  readonly reason?: string;
  /** ISO 8601 instant from which a retry may succeed. */
  readonly retryAfter?: string;
  readonly pgCode?: string;
  readonly pgMessage?: string;
  readonly errors?: readonly FieldViolation[];
}

/** The body of every error answer (`application/problem+json`). */
export interface ProblemDocument extends ProblemFields {
  readonly type: string;
  readonly status: number;
  /** The request path (without the query, which could hold personal data). */
  readonly instance?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`;

const CODE_FORMAT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/** A URN per code, so `type` identifies the kind of problem without a web page behind it. */
export function problemTypeOf(code: string): string {
  return `urn:judgment-fee-ledger:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export function isProblemCode(code: string): boolean {
  return CODE_FORMAT.test(code);
}

/** Builds the document; the members come in a fixed order so answers are easy to read and diff. */
export function problemDocument(
  status: number,
  fields: ProblemFields,
  instance: string | undefined,
): ProblemDocument {
  const { code, title, message, detail, reason, retryAfter, pgCode, pgMessage, errors } = fields;
  return {
    type: fields.type ?? problemTypeOf(code),
    title,
    status,
    code,
    message,
    ...(detail === undefined ? {} : { detail }),
    ...(instance === undefined ? {} : { instance }),
    ...(reason === undefined ? {} : { reason }),
    ...(retryAfter === undefined ? {} : { retryAfter }),
    ...(pgCode === undefined ? {} : { pgCode }),
    ...(pgMessage === undefined ? {} : { pgMessage }),
    ...(errors === undefined
      ? {}
      : { errors: errors.map(({ field, message }) => ({ field, message })) }),
  };
}
