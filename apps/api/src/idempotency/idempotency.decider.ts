/**
 * Idempotency keys as a tiny event-sourced aggregate, one stream per (caller, key), so that
 * replicas agree through the event store's optimistic concurrency rather than a local table.
 *
 * Invariants:
 * - one key runs its request at most once at a time: the first `Started` wins (expected no_stream);
 * - once `Completed`, the key answers every retry with the same body and never runs again;
 * - a key reused with a different request (fingerprint) is refused, whatever its state;
 * - a `Started` whose lease ran out (the process died mid-request) may be taken over, and then only
 *   the attempt that took it over may finish it;
 * - `Released` (the request failed in a way the caller may retry, e.g. the PG timed out) frees the key.
 */
import { DateTime } from 'luxon';
import type { JsonValue } from '@lib/event-store';

export type IdempotencyEvent =
  | {
      readonly type: 'IdempotentRequestStarted';
      /** `attemptId` names this run, so only the attempt that holds the key can finish it. */
      readonly data: {
        readonly fingerprint: string;
        readonly leaseUntil: string;
        readonly attemptId: string;
      };
    }
  | {
      readonly type: 'IdempotentRequestCompleted';
      readonly data: {
        readonly fingerprint: string;
        readonly status: number;
        readonly body: StoredBody;
      };
    }
  | { readonly type: 'IdempotentRequestReleased'; readonly data: { readonly fingerprint: string } };

export type StoredBody = { readonly [key: string]: JsonValue };

export type IdempotencyState =
  | { readonly status: 'free' }
  | {
      readonly status: 'running';
      readonly fingerprint: string;
      readonly leaseUntil: string;
      readonly attemptId: string;
    }
  | {
      readonly status: 'completed';
      readonly fingerprint: string;
      readonly response: { readonly status: number; readonly body: StoredBody };
    };

export const initialIdempotencyState: IdempotencyState = { status: 'free' };

export function evolveIdempotency(
  state: IdempotencyState,
  event: IdempotencyEvent,
): IdempotencyState {
  switch (event.type) {
    case 'IdempotentRequestStarted':
      return {
        status: 'running',
        fingerprint: event.data.fingerprint,
        leaseUntil: event.data.leaseUntil,
        attemptId: event.data.attemptId,
      };
    case 'IdempotentRequestCompleted':
      return {
        status: 'completed',
        fingerprint: event.data.fingerprint,
        response: { status: event.data.status, body: event.data.body },
      };
    case 'IdempotentRequestReleased':
      return { status: 'free' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown idempotency event ${JSON.stringify(unknown)}`);
    }
  }
}

export type BeginOutcome =
  | { readonly kind: 'run' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: StoredBody }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in-progress'; readonly retryAfter: string };

/** Decides whether a request carrying this key runs now, replays, or is refused. */
export function decideBegin(
  state: IdempotencyState,
  request: {
    readonly fingerprint: string;
    readonly nowIso: string;
    readonly leaseUntil: string;
    readonly attemptId: string;
  },
): { events: IdempotencyEvent[]; result: BeginOutcome } {
  if (state.status !== 'free' && state.fingerprint !== request.fingerprint) {
    return { events: [], result: { kind: 'mismatch' } };
  }
  switch (state.status) {
    case 'completed':
      return { events: [], result: { kind: 'replay', ...state.response } };
    case 'running':
      if (DateTime.fromISO(state.leaseUntil) > DateTime.fromISO(request.nowIso)) {
        return { events: [], result: { kind: 'in-progress', retryAfter: state.leaseUntil } };
      }
      break;
    case 'free':
      break;
    default: {
      const unknown: never = state;
      throw new Error(`Unknown idempotency state ${JSON.stringify(unknown)}`);
    }
  }
  return {
    events: [
      {
        type: 'IdempotentRequestStarted',
        data: {
          fingerprint: request.fingerprint,
          leaseUntil: request.leaseUntil,
          attemptId: request.attemptId,
        },
      },
    ],
    result: { kind: 'run' },
  };
}

/** Only the attempt that holds the key finishes it: a taken-over attempt has lost it. */
export function holdsKey(state: IdempotencyState, attemptId: string): boolean {
  return state.status === 'running' && state.attemptId === attemptId;
}
