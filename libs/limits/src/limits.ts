/**
 * Every time limit, retry bound, cost and page size of the ledger, with its unit in its name, in
 * one place (STYLE.md "Limits keep an order"; TIGER_STYLE: assert the relations between limits,
 * not only the limits). `limitOrderProblems` states the relations; the service refuses to start
 * when one does not hold (`assertLimitOrder`).
 *
 * Two clocks measure these limits. The PG call's deadline runs on real time (a socket does not
 * know the ledger's clock); the leases run on the ledger's clock, because they are compared with
 * instants written in events. In production both clocks advance together, so "deadline < lease"
 * means the PG answers (or the call is abandoned) before any lease that covers it lapses. Under the
 * test clock (LEDGER_TEST_CLOCK) the ledger's clock stands still between moves, so a call in
 * flight never outlives a lease by itself; only a move of more than a lease while a call is in
 * flight does, which is how a test plays "the process hung that long". What happens then is the
 * designed answer to a lapsed lease (docs/adr/0005, DESIGN.md R24): the close stops waiting and
 * counts the payment as completed; the idempotency key may be taken over and the command is
 * decided again on the payment's stream, which refuses what was already done.
 */
export const LIMITS = Object.freeze({
  gateway: Object.freeze({
    /** Real time the ledger waits for the PG to answer a cancellation. */
    cancelDeadlineMs: 30_000,
  }),
  reconcile: Object.freeze({
    /**
     * Real time between two runs of the reconcilers (R21, R22); LEDGER_RECONCILE_INTERVAL_SECONDS
     * sets it. The test clock also runs them.
     */
    intervalMs: 5_000,
    /**
     * Ledger time past the PG call's deadline before a reconciler looks at a cancellation or a
     * void: never at a call that may still be in flight in another process.
     */
    marginMs: 5_000,
    /** Ledger time after its start that an unsettled cancellation or void needs a person. */
    attentionAfterMinutes: 10,
  }),
  idempotency: Object.freeze({
    /** Ledger time a started request holds its key before another attempt may take it over. */
    leaseSeconds: 60,
  }),
  settlement: Object.freeze({
    /**
     * Ledger time a cancellation's reservation on its day's settlement holds the close back (R19).
     * After it the close stops waiting and names the reservation as abandoned.
     */
    cancellationLeaseSeconds: 120,
    /** Real time a close waits for open reservations before answering CANCELLATIONS_PENDING. */
    closeWaitForCancellationsMs: 10_000,
    /** Real time between two looks at the reservations while the close waits. */
    closePollMs: 20,
    /** Rounds of start → wait → scan → close before giving up on a stream that keeps changing. */
    closeRounds: 5,
    /** Events read per page by the close's scan of the log: bounded memory, however long the log. */
    scanPageEvents: 2_000,
    /**
     * The close scans the log from the cut of the latest close made before its first day began,
     * less this much ledger time for processes whose clocks disagree (docs/adr/0005).
     */
    scanClockMarginMs: 300_000,
    /** Closes looked back through for that start before the close scans the whole log instead. */
    scanLookBackDays: 7,
    /** Real time between two runs of the settlement schedule (a day closes at most this late). */
    scheduleIntervalMs: 30_000,
  }),
  commands: Object.freeze({
    /** Load → decide → append attempts of an ordinary command before a conflict is an error. */
    concurrencyAttempts: 5,
    /** Attempts to record the PG's answer: a fact the ledger must not drop on a burst of writes. */
    recordPgOutcomeAttempts: 25,
    /** Attempts on a day's settlement stream, where every cancellation of the day meets the close. */
    settlementAttempts: 20,
    /** Attempts on a phone's look-up stream before the look-up answers "busy" (R15). */
    guestLookupAttempts: 10,
  }),
  transfers: Object.freeze({
    /** Real time between two runs of the R5 expiry sweep (a transfer expires at most this late). */
    expirySweepIntervalMs: 5_000,
    /** Due transfers the sweep reads per page. */
    dueTransfersPageSize: 500,
  }),
  followUps: Object.freeze({
    /** First and longest real-time delay between retries of one event's follow-ups. */
    retryInitialMs: 200,
    retryMaxMs: 30_000,
    /** How long `catchUpWithLog` waits by default. */
    waitTimeoutMs: 5_000,
  }),
  readModels: Object.freeze({
    /** How long a read waits for the read models to reach the log's end before answering anyway. */
    readYourWritesTimeoutMs: 2_000,
    /** How often payments older than the list window leave the read model (never the log). */
    pruneIntervalMs: 60 * 60 * 1_000,
  }),
  pages: Object.freeze({
    /** Payments per list page when the caller names no limit, and the most one page holds. */
    paymentListDefault: 20,
    paymentListMax: 100,
    /** Audit-log events per answer: default, most in JSON (built in memory), most in NDJSON. */
    auditDefault: 100,
    auditJsonMax: 1_000,
    auditNdjsonMax: 100_000,
    /** Events read per page while streaming the audit log. */
    auditStreamPage: 1_000,
  }),
  guestLookup: Object.freeze({
    /** Wrong passwords in a row that lock a phone's look-up (R15), and for how long. */
    maxConsecutiveFailures: 5,
    lockMinutes: 15,
  }),
  passwordHash: Object.freeze({
    /**
     * scrypt r and p of new hashes; N comes from the configuration (2^17 in production, OWASP's
     * minimum; LEDGER_GUEST_PASSWORD_SCRYPT_N lowers it outside production).
     */
    scryptR: 8,
    scryptP: 1,
    keyBytes: 32,
    saltBytes: 16,
    /** scrypt's memory ceiling (Node's default is 32 MiB): 128 · N · r must stay below it. */
    scryptMaxMemBytes: 256 * 1024 * 1024,
    /**
     * Bounds on the parameters a stored hash names before they are run: a hash read from the log
     * is data, and a forged cost must not exhaust the machine (issue 13).
     */
    storedScryptNMin: 1_024,
    storedScryptNMax: 131_072,
    storedScryptRMax: 16,
    storedScryptPMax: 4,
  }),
});

/** The shape of LIMITS with plain numbers, so a test can build a copy with one limit changed. */
export type Limits = {
  readonly [Group in keyof typeof LIMITS]: {
    readonly [Name in keyof (typeof LIMITS)[Group]]: number;
  };
};

/** What the relations between limits need from the operator's policy (R5 window). */
export interface PolicyWindows {
  readonly pendingTransferWindowMinutes: number;
}

/**
 * Every relation the limits must keep, as sentences naming what is wrong; empty when all hold.
 * Pure, so a test can break each relation on a copy and see it named.
 */
export function limitOrderProblems(limits: Limits, policy?: PolicyWindows): string[] {
  const problems: string[] = [];
  const check = (holds: boolean, problem: string): void => {
    if (!holds) problems.push(problem);
  };
  for (const [group, values] of Object.entries(limits)) {
    for (const [name, value] of Object.entries(values as Record<string, number>)) {
      check(
        Number.isSafeInteger(value) && value > 0,
        `${group}.${name} must be a positive integer`,
      );
    }
  }
  const idempotencyLeaseMs = limits.idempotency.leaseSeconds * 1_000;
  const reservationLeaseMs = limits.settlement.cancellationLeaseSeconds * 1_000;
  // A request's key must outlive its PG call: a retry meanwhile waits instead of calling again.
  check(
    limits.gateway.cancelDeadlineMs < idempotencyLeaseMs,
    'gateway.cancelDeadlineMs must be below idempotency.leaseSeconds',
  );
  // The close must wait for a cancellation as long as the request that runs it may.
  check(
    idempotencyLeaseMs < reservationLeaseMs,
    'idempotency.leaseSeconds must be below settlement.cancellationLeaseSeconds',
  );
  check(
    limits.settlement.closeWaitForCancellationsMs <= reservationLeaseMs,
    'settlement.closeWaitForCancellationsMs must not exceed settlement.cancellationLeaseSeconds',
  );
  check(
    limits.settlement.closePollMs < limits.settlement.closeWaitForCancellationsMs,
    'settlement.closePollMs must be below settlement.closeWaitForCancellationsMs',
  );
  const { marginMs, attentionAfterMinutes } = limits.reconcile;
  // A reconciler must never ask about a call that may still be in flight, and a person is called
  // only after the reconciler has asked a few times.
  check(
    limits.gateway.cancelDeadlineMs + marginMs + 2 * limits.reconcile.intervalMs <
      attentionAfterMinutes * 60_000,
    'reconcile.attentionAfterMinutes must leave the reconciler time to ask after the PG deadline',
  );
  check(
    limits.followUps.retryInitialMs <= limits.followUps.retryMaxMs,
    'followUps.retryInitialMs must not exceed followUps.retryMaxMs',
  );
  check(
    limits.commands.concurrencyAttempts <= limits.commands.recordPgOutcomeAttempts,
    'commands.recordPgOutcomeAttempts must be at least commands.concurrencyAttempts',
  );
  check(
    limits.pages.paymentListDefault <= limits.pages.paymentListMax,
    'pages.paymentListDefault must not exceed pages.paymentListMax',
  );
  check(
    limits.pages.auditDefault <= limits.pages.auditJsonMax &&
      limits.pages.auditJsonMax <= limits.pages.auditNdjsonMax,
    'pages.auditDefault ≤ pages.auditJsonMax ≤ pages.auditNdjsonMax must hold',
  );
  const { storedScryptNMin, storedScryptNMax, scryptR, scryptMaxMemBytes } = limits.passwordHash;
  check(
    (storedScryptNMax & (storedScryptNMax - 1)) === 0 && storedScryptNMin <= storedScryptNMax,
    'passwordHash: storedScryptNMin ≤ storedScryptNMax, a power of two',
  );
  check(
    128 * storedScryptNMax * scryptR < scryptMaxMemBytes,
    'passwordHash: 128 · storedScryptNMax · scryptR must stay below scryptMaxMemBytes',
  );
  if (policy !== undefined) {
    // The sweep must run several times within a window, or a transfer outlives its deadline.
    check(
      limits.transfers.expirySweepIntervalMs < policy.pendingTransferWindowMinutes * 60_000,
      'transfers.expirySweepIntervalMs must be below the pending-transfer window',
    );
  }
  return problems;
}

export class LimitOrderError extends Error {
  override readonly name = 'LimitOrderError';
}

/** Refuses to go on when a relation between limits does not hold (called at start-up). */
export function assertLimitOrder(limits: Limits = LIMITS, policy?: PolicyWindows): void {
  const problems = limitOrderProblems(limits, policy);
  if (problems.length > 0) {
    throw new LimitOrderError(`The ledger's limits are out of order: ${problems.join('; ')}`);
  }
}
