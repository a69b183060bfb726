import { ctxAt, spec } from '../test/decider-spec';
import { idempotencyDecider, type IdempotencyCommand } from './idempotency.decide';
import type { IdempotencyEvent } from './idempotency.events';

const key = spec(idempotencyDecider);

const begin = (fingerprint = 'f1', attemptId = 'a2'): IdempotencyCommand => ({
  type: 'BeginIdempotentRequest',
  data: { fingerprint, attemptId },
});
const complete = (attemptId: string): IdempotencyCommand => ({
  type: 'CompleteIdempotentRequest',
  data: { fingerprint: 'f1', attemptId, status: 201, body: { paymentId: 'p-1' } },
});
const release = (attemptId: string): IdempotencyCommand => ({
  type: 'ReleaseIdempotentRequest',
  data: { fingerprint: 'f1', attemptId },
});

const started = (attemptId = 'a1', leaseUntil = '2026-12-01T10:01:00.000+09:00') =>
  ({
    type: 'IdempotentRequestStarted',
    data: { fingerprint: 'f1', leaseUntil, attemptId },
  }) satisfies IdempotencyEvent;
const completed: IdempotencyEvent = {
  type: 'IdempotentRequestCompleted',
  data: { fingerprint: 'f1', status: 201, body: { paymentId: 'p-1' } },
};
const released: IdempotencyEvent = {
  type: 'IdempotentRequestReleased',
  data: { fingerprint: 'f1' },
};

describe('Idempotency keys (DESIGN.md §5)', () => {
  describe('given a key never seen', () => {
    it('when a request arrives, then it runs and holds the key for the lease (60 s)', () => {
      key
        .given()
        .when(begin(), ctxAt('2026-12-01T10:00'))
        .then([started('a2', '2026-12-01T10:01:00.000+09:00')]);
    });
  });

  describe('given a completed request', () => {
    it('when the same request retries, then the first answer replays and nothing is appended', () => {
      key
        .given(started(), completed)
        .when(begin(), ctxAt('2026-12-02T00:00'))
        .thenRefused({
          code: 'ALREADY_ANSWERED',
          response: { status: 201, body: { paymentId: 'p-1' } },
        });
    });

    it('when a different request reuses the key, then it is refused (422)', () => {
      key
        .given(started(), completed)
        .when(begin('f2'), ctxAt('2026-12-01T10:00:05'))
        .thenRefused({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });

  describe('given a request still running', () => {
    it('when the same request arrives within the lease, then it is told to retry after the lease', () => {
      key.given(started()).when(begin(), ctxAt('2026-12-01T10:00:59.999')).thenRefused({
        code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        retryAfter: '2026-12-01T10:01:00.000+09:00',
      });
    });

    it('when the lease ran out (the first attempt died), then the retry takes the key over', () => {
      key
        .given(started())
        .when(begin(), ctxAt('2026-12-01T10:01'))
        .then([started('a2', '2026-12-01T10:02:00.000+09:00')]);
    });

    it('when a different request arrives, then it is refused even while the first runs', () => {
      key
        .given(started())
        .when(begin('f2'), ctxAt('2026-12-01T10:00:10'))
        .thenRefused({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('when the attempt that holds it completes, then its answer is kept', () => {
      key.given(started()).when(complete('a1'), ctxAt('2026-12-01T10:00:10')).then([completed]);
    });

    it('when the attempt that holds it releases it, then the key is free', () => {
      key.given(started()).when(release('a1'), ctxAt('2026-12-01T10:00:10')).then([released]);
    });
  });

  describe('given a released request', () => {
    it('when the same request retries, then it runs again', () => {
      key
        .given(started(), released)
        .when(begin(), ctxAt('2026-12-01T10:00:10'))
        .then([started('a2', '2026-12-01T10:01:10.000+09:00')]);
    });
  });

  describe('given a key taken over after its lease ran out', () => {
    const takenOver = started('a2', '2026-12-01T10:02:00.000+09:00');

    it('then the attempt that lost it can neither complete nor release it', () => {
      key.given(started(), takenOver).when(complete('a1'), ctxAt('2026-12-01T10:01:30')).then([]);
      key.given(started(), takenOver).when(release('a1'), ctxAt('2026-12-01T10:01:30')).then([]);
    });

    it('then the attempt that took it over finishes it', () => {
      key
        .given(started(), takenOver)
        .when(complete('a2'), ctxAt('2026-12-01T10:01:30'))
        .then([completed]);
    });
  });
});
