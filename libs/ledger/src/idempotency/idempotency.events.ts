import type { IsoInstant } from '../business-time';

/** An answer as it was sent: plain JSON, kept so a retry gets the very same answer. */
export type StoredBody = { readonly [key: string]: unknown };

/** Events of an idempotency key's stream `idempotency-<digest>` (DESIGN.md §5). */
export type IdempotencyEvent =
  IdempotentRequestStarted | IdempotentRequestCompleted | IdempotentRequestReleased;

export type IdempotencyEventType = IdempotencyEvent['type'];

export const IDEMPOTENCY_EVENT_SCHEMA_VERSIONS = {
  IdempotentRequestStarted: 1,
  IdempotentRequestCompleted: 1,
  IdempotentRequestReleased: 1,
} as const satisfies Record<IdempotencyEventType, number>;

/** A request took the key; `attemptId` names this run, so only it can finish the key. */
export interface IdempotentRequestStarted {
  readonly type: 'IdempotentRequestStarted';
  readonly data: {
    readonly fingerprint: string;
    readonly leaseUntil: IsoInstant;
    readonly attemptId: string;
  };
}

/** The request's answer: every retry with the key replays it. */
export interface IdempotentRequestCompleted {
  readonly type: 'IdempotentRequestCompleted';
  readonly data: {
    readonly fingerprint: string;
    readonly status: number;
    readonly body: StoredBody;
  };
}

/** The request ended in a way the caller may retry (e.g. the PG timed out): the key is free. */
export interface IdempotentRequestReleased {
  readonly type: 'IdempotentRequestReleased';
  readonly data: { readonly fingerprint: string };
}
