/**
 * Idempotency keys as a tiny decider, one stream per (caller, key), so that replicas agree through
 * the event store's optimistic concurrency rather than a local table (DESIGN.md §5, ADR 0003).
 *
 * Invariants:
 * - one key runs its request at most once at a time: the first `Started` wins (expected no_stream);
 * - once `Completed`, the key answers every retry with the same body and never runs again;
 * - a key reused with a different request (fingerprint) is refused, whatever its state;
 * - a `Started` whose lease ran out (the process died mid-request) may be taken over, and then only
 *   the attempt that took it over may finish it;
 * - `Released` (the request failed in a way the caller may retry) frees the key.
 */
import { LIMITS } from '@lib/limits';
import { assertNever } from '../assert';
import { isoInstant, parseIsoInstant } from '../business-time';
import type { DecisionContext } from '../context';
import { accept, refuse, type Decider, type Decision } from '../decision';
import {
  idempotencyKeyReused,
  idempotencyRequestInProgress,
  type IdempotencyRefusal,
} from './idempotency.errors';
import {
  IDEMPOTENCY_EVENT_SCHEMA_VERSIONS,
  type IdempotencyEvent,
  type StoredBody,
} from './idempotency.events';
import {
  evolveIdempotency,
  holdsKey,
  initialIdempotencyState,
  type IdempotencyState,
} from './idempotency.state';

export type IdempotencyCommand =
  | {
      readonly type: 'BeginIdempotentRequest';
      readonly data: { readonly fingerprint: string; readonly attemptId: string };
    }
  | {
      readonly type: 'CompleteIdempotentRequest';
      readonly data: {
        readonly fingerprint: string;
        readonly attemptId: string;
        readonly status: number;
        readonly body: StoredBody;
      };
    }
  | {
      readonly type: 'ReleaseIdempotentRequest';
      readonly data: { readonly fingerprint: string; readonly attemptId: string };
    };

export type IdempotencyDecision = Decision<IdempotencyEvent, IdempotencyRefusal>;

export function decideIdempotency(
  command: IdempotencyCommand,
  state: IdempotencyState,
  ctx: DecisionContext,
): IdempotencyDecision {
  switch (command.type) {
    case 'BeginIdempotentRequest':
      return decideBegin(command.data, state, ctx);
    case 'CompleteIdempotentRequest': {
      const { fingerprint, status, body } = command.data;
      // An attempt that lost the key (its lease ran out and another took over) records nothing.
      if (!holdsKey(state, command.data.attemptId)) return accept();
      return accept({ type: 'IdempotentRequestCompleted', data: { fingerprint, status, body } });
    }
    case 'ReleaseIdempotentRequest':
      if (!holdsKey(state, command.data.attemptId)) return accept();
      return accept({
        type: 'IdempotentRequestReleased',
        data: { fingerprint: command.data.fingerprint },
      });
    default:
      return assertNever(command, 'idempotency command');
  }
}

function decideBegin(
  request: { readonly fingerprint: string; readonly attemptId: string },
  state: IdempotencyState,
  ctx: DecisionContext,
): IdempotencyDecision {
  if (state.status !== 'free' && state.fingerprint !== request.fingerprint) {
    return refuse(idempotencyKeyReused());
  }
  switch (state.status) {
    case 'completed':
      return refuse({ code: 'ALREADY_ANSWERED', response: state.response });
    case 'running': {
      const leaseUntil = parseIsoInstant(state.leaseUntil);
      if (leaseUntil === null || leaseUntil > ctx.now) {
        return refuse(idempotencyRequestInProgress(state.leaseUntil));
      }
      break; // the lease ran out: the attempt that held it died; this one takes over
    }
    case 'free':
      break;
    default:
      return assertNever(state, 'idempotency state');
  }
  return accept({
    type: 'IdempotentRequestStarted',
    data: {
      fingerprint: request.fingerprint,
      leaseUntil: isoInstant(ctx.now.plus({ seconds: LIMITS.idempotency.leaseSeconds })),
      attemptId: request.attemptId,
    },
  });
}

export const idempotencyDecider: Decider<
  IdempotencyCommand,
  IdempotencyEvent,
  IdempotencyState,
  IdempotencyDecision
> = {
  initialState: initialIdempotencyState,
  evolve: evolveIdempotency,
  decide: decideIdempotency,
  schemaVersions: IDEMPOTENCY_EVENT_SCHEMA_VERSIONS,
};
