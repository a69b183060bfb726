import { LIMITS, assertLimitOrder, limitOrderProblems, type Limits } from './limits';

/** A copy of the limits with one group changed. */
function withLimits<G extends keyof Limits>(group: G, values: Partial<Limits[G]>): Limits {
  return { ...LIMITS, [group]: { ...LIMITS[group], ...values } };
}

describe('the limits keep their order (asserted at start-up)', () => {
  it('holds for the shipped limits and the FAQ policy', () => {
    expect(limitOrderProblems(LIMITS, { pendingTransferWindowMinutes: 15 })).toEqual([]);
    expect(() => assertLimitOrder()).not.toThrow();
  });

  it.each([
    [
      'the PG deadline reaches the idempotency lease',
      withLimits('gateway', { cancelDeadlineMs: 60_000 }),
      'gateway.cancelDeadlineMs must be below idempotency.leaseSeconds',
    ],
    [
      'the idempotency lease reaches the reservation lease',
      withLimits('idempotency', { leaseSeconds: 120 }),
      'idempotency.leaseSeconds must be below settlement.cancellationLeaseSeconds',
    ],
    [
      'the close waits longer than a reservation lasts',
      withLimits('settlement', { closeWaitForCancellationsMs: 121_000 }),
      'settlement.closeWaitForCancellationsMs must not exceed settlement.cancellationLeaseSeconds',
    ],
    [
      'the retry backoff starts above its maximum',
      withLimits('followUps', { retryInitialMs: 60_000 }),
      'followUps.retryInitialMs must not exceed followUps.retryMaxMs',
    ],
    [
      'scrypt needs more memory than it may use',
      withLimits('passwordHash', { scryptMaxMemBytes: 32 * 1024 * 1024 }),
      'passwordHash: 128 · storedScryptNMax · scryptR must stay below scryptMaxMemBytes',
    ],
    [
      'the highest stored scrypt N is not a power of two',
      withLimits('passwordHash', { storedScryptNMax: 100_000 }),
      'passwordHash: storedScryptNMin ≤ storedScryptNMax, a power of two',
    ],
    [
      'a page size is zero',
      withLimits('pages', { paymentListDefault: 0 }),
      'pages.paymentListDefault must be a positive integer',
    ],
  ])('names the broken relation when %s', (_situation, limits, problem) => {
    expect(limitOrderProblems(limits)).toContain(problem);
    expect(() => assertLimitOrder(limits)).toThrow(problem);
  });

  it('refuses a sweep interval that is not below the pending-transfer window (R5)', () => {
    const slowSweep = withLimits('transfers', { expirySweepIntervalMs: 15 * 60_000 });
    expect(limitOrderProblems(slowSweep, { pendingTransferWindowMinutes: 15 })).toEqual([
      'transfers.expirySweepIntervalMs must be below the pending-transfer window',
    ]);
  });
});
