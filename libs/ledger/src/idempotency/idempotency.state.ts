import { assertNever } from '../assert';
import type { IsoInstant } from '../business-time';
import type { IdempotencyEvent, StoredBody } from './idempotency.events';

export type IdempotencyState =
  | { readonly status: 'free' }
  | {
      readonly status: 'running';
      readonly fingerprint: string;
      readonly leaseUntil: IsoInstant;
      readonly attemptId: string;
    }
  | {
      readonly status: 'completed';
      readonly fingerprint: string;
      readonly response: { readonly status: number; readonly body: StoredBody };
    };

export const initialIdempotencyState: IdempotencyState = { status: 'free' };

export function evolveIdempotency(
  _state: IdempotencyState,
  event: IdempotencyEvent,
): IdempotencyState {
  switch (event.type) {
    case 'IdempotentRequestStarted':
      return { status: 'running', ...event.data };
    case 'IdempotentRequestCompleted':
      return {
        status: 'completed',
        fingerprint: event.data.fingerprint,
        response: { status: event.data.status, body: event.data.body },
      };
    case 'IdempotentRequestReleased':
      return initialIdempotencyState;
    default:
      return assertNever(event, 'idempotency event');
  }
}

/** Only the attempt that holds the key finishes it: a taken-over attempt has lost it. */
export function holdsKey(state: IdempotencyState, attemptId: string): boolean {
  return state.status === 'running' && state.attemptId === attemptId;
}
