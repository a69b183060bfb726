import {
  decideBegin,
  evolveIdempotency,
  holdsKey,
  initialIdempotencyState,
  type IdempotencyEvent,
} from './idempotency.decider';

const given = (...events: IdempotencyEvent[]) =>
  events.reduce(evolveIdempotency, initialIdempotencyState);
const at = (nowIso: string, fingerprint = 'f1', attemptId = 'a2') => ({
  fingerprint,
  nowIso,
  leaseUntil: '2026-12-01T10:01:00+09:00',
  attemptId,
});
const started: IdempotencyEvent = {
  type: 'IdempotentRequestStarted',
  data: { fingerprint: 'f1', leaseUntil: '2026-12-01T10:01:00+09:00', attemptId: 'a1' },
};
const completed: IdempotencyEvent = {
  type: 'IdempotentRequestCompleted',
  data: { fingerprint: 'f1', status: 201, body: { paymentId: 'p-1' } },
};

describe('Idempotency keys', () => {
  describe('given a key never seen', () => {
    it('when a request arrives, then it runs and the key is held', () => {
      expect(decideBegin(given(), at('2026-12-01T10:00:00+09:00'))).toEqual({
        events: [
          {
            type: 'IdempotentRequestStarted',
            data: { fingerprint: 'f1', leaseUntil: '2026-12-01T10:01:00+09:00', attemptId: 'a2' },
          },
        ],
        result: { kind: 'run' },
      });
    });
  });

  describe('given a completed request', () => {
    it('when the same request retries, then the first answer replays and nothing is appended', () => {
      expect(decideBegin(given(started, completed), at('2026-12-02T00:00:00+09:00'))).toEqual({
        events: [],
        result: { kind: 'replay', status: 201, body: { paymentId: 'p-1' } },
      });
    });

    it('when a different request reuses the key, then it is refused', () => {
      expect(
        decideBegin(given(started, completed), at('2026-12-01T10:00:05+09:00', 'f2')).result,
      ).toEqual({
        kind: 'mismatch',
      });
    });
  });

  describe('given a request still running', () => {
    it('when the same request arrives within the lease, then it is told to retry after the lease', () => {
      expect(decideBegin(given(started), at('2026-12-01T10:00:30+09:00'))).toEqual({
        events: [],
        result: { kind: 'in-progress', retryAfter: '2026-12-01T10:01:00+09:00' },
      });
    });

    it('when the lease ran out (the first attempt died), then the retry takes the key over', () => {
      expect(decideBegin(given(started), at('2026-12-01T10:01:00+09:00')).result).toEqual({
        kind: 'run',
      });
    });
  });

  describe('given a released request', () => {
    it('when the same request retries, then it runs again', () => {
      const released: IdempotencyEvent = {
        type: 'IdempotentRequestReleased',
        data: { fingerprint: 'f1' },
      };
      expect(decideBegin(given(started, released), at('2026-12-01T10:00:10+09:00')).result).toEqual(
        { kind: 'run' },
      );
    });
  });

  describe('given a key taken over after its lease ran out', () => {
    it('then only the attempt that took it over may finish it, not the one that lost it', () => {
      const takenOver: IdempotencyEvent = {
        type: 'IdempotentRequestStarted',
        data: { fingerprint: 'f1', leaseUntil: '2026-12-01T10:02:00+09:00', attemptId: 'a2' },
      };
      const state = given(started, takenOver);
      expect(holdsKey(state, 'a1')).toBe(false);
      expect(holdsKey(state, 'a2')).toBe(true);
    });
  });
});
