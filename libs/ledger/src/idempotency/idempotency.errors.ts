import type { IsoInstant } from '../business-time';
import type { StoredBody } from './idempotency.events';

/** DESIGN.md §6: 422, the same key with another request. */
export interface IdempotencyKeyReused {
  readonly code: 'IDEMPOTENCY_KEY_REUSED';
  readonly message: string;
}

/** DESIGN.md §6: 409, the first request with this key is still running. */
export interface IdempotencyRequestInProgress {
  readonly code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  readonly message: string;
  readonly retryAfter: IsoInstant;
}

/** Not an error for the caller: the request already has an answer, which is given again. */
export interface IdempotentRequestAnswered {
  readonly code: 'ALREADY_ANSWERED';
  readonly response: { readonly status: number; readonly body: StoredBody };
}

export type IdempotencyRefusal =
  IdempotencyKeyReused | IdempotencyRequestInProgress | IdempotentRequestAnswered;

export function idempotencyKeyReused(): IdempotencyKeyReused {
  return {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: '같은 Idempotency-Key로 다른 요청을 보낼 수 없습니다. 새 키를 사용해 주세요.',
  };
}

export function idempotencyRequestInProgress(retryAfter: IsoInstant): IdempotencyRequestInProgress {
  return {
    code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    message: '같은 요청을 처리하고 있습니다. 잠시 후 다시 시도해 주세요.',
    retryAfter,
  };
}
