/**
 * DESIGN.md §6: 422, the same Idempotency-Key with another request (docs/adr/0011: found in the
 * stream the command loads, where the first request's events carry the key).
 */
export interface IdempotencyKeyReused {
  readonly code: 'IDEMPOTENCY_KEY_REUSED';
  readonly message: string;
}

export function idempotencyKeyReused(): IdempotencyKeyReused {
  return {
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: '같은 Idempotency-Key로 다른 요청을 보낼 수 없습니다. 새 키를 사용해 주세요.',
  };
}
