/**
 * Property-based tests of settlement (R18, R19, R24; issue 13 point 3), model-based, in two parts.
 * 1. One KST day's settlement stream: cancellations reserve and release their place (retries
 *    included), the closer starts and ends the close, and the clock moves forward across the day's
 *    midnight. Callers behave as CancellationFence does: a fresh reservation id per cancellation,
 *    retried only until it is released.
 * 2. The reports: payments are requested, approved (sometimes by a process whose clock lags, so a
 *    completion lands on a day already closed), cancelled and answered by the PG (sometimes after
 *    the day closed), and the due days are closed in order as SettlementCloser does (one scan, the
 *    previous cut, late adjustments on the first report). Every fact must be counted once.
 * On failure fast-check prints the seed and the shrunk history.
 */
import fc from 'fast-check';
import type { DateTime } from 'luxon';
import { InvariantViolation } from '../assert';
import { businessDate, isoInstant, toBusinessTime, type BusinessDate } from '../business-time';
import { isKrw } from '../money';
import type { PaymentCommand } from '../payment/payment.commands';
import { decide as decidePayment } from '../payment/payment.decide';
import type { PaymentEvent } from '../payment/payment.events';
import { foldPayment } from '../payment/payment.state';
import {
  MINUTE_MS,
  ModelClock,
  ModelStream,
  clockStepMs,
  expectCounterexample,
  holds,
  judgmentsArb,
  methodArb,
  methodFields,
  runs,
  startInstant,
  type MethodInput,
} from '../test/arbitraries';
import type { PaymentItemInput } from '../payment/payment.commands';
import { dayEnd, daysBetween, lastEndedDay, nextBusinessDate } from './settlement.calendar';
import type { SettlementCommand } from './settlement.commands';
import { decideSettlement } from './settlement.decide';
import type { ReservationOutcome, SettlementClosed, SettlementEvent } from './settlement.events';
import { EMPTY_LINE, ZERO_TALLY, type SettlementReport } from './settlement.report';
import { evolveSettlement, initialSettlementState } from './settlement.state';
import { SettlementTally } from './settlement.tally';

const RUNS = runs(300);
const BROKEN_RUNS = runs(1_000);

// =============================================================================================
// 1. One day's settlement stream.

type DayAction =
  | { readonly kind: 'tick'; readonly ms: number }
  /** Cancellation `attempt` reserves (the first time), or retries its reservation. */
  | { readonly kind: 'reserve'; readonly attempt: number }
  | { readonly kind: 'release'; readonly attempt: number; readonly outcome: ReservationOutcome }
  | { readonly kind: 'close' };

interface DayScenario {
  readonly start: string;
  readonly actions: readonly DayAction[];
}

const dayScenarioArb: fc.Arbitrary<DayScenario> = fc.record({
  start: startInstant,
  actions: fc.array(
    fc.oneof(
      { weight: 4, arbitrary: clockStepMs.map((ms) => ({ kind: 'tick' as const, ms })) },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant('reserve' as const), attempt: fc.nat(3) }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('release' as const),
          attempt: fc.nat(3),
          outcome: fc.constantFrom<ReservationOutcome>('CANCELLED', 'NOT_CANCELLED', 'UNKNOWN'),
        }),
      },
      { weight: 2, arbitrary: fc.constant({ kind: 'close' as const }) },
    ),
    { maxLength: 30, size: 'max' },
  ),
});

type DecideSettlement = typeof decideSettlement;

interface DayStep {
  readonly command: SettlementCommand;
  readonly now: DateTime;
  readonly events: readonly SettlementEvent[];
  readonly refusal: string | null;
  /** Reservations whose caller was told it holds them and has not released them yet. */
  readonly held: ReadonlyMap<string, string>;
}

interface DayRun {
  readonly date: BusinessDate;
  readonly steps: readonly DayStep[];
  /** What evolve refused, ending the run: a decided event that breaks the stream's invariants. */
  readonly rejected: InvariantViolation | null;
}

const DIGEST = {
  root: 'a'.repeat(64),
  setRoot: 'b'.repeat(64),
  count: 0,
  firstPosition: null,
  lastPosition: null,
  lastHash: null,
};

function emptyReport(date: BusinessDate): SettlementReport {
  return {
    date,
    completed: ZERO_TALLY,
    cancelled: ZERO_TALLY,
    netAmountKrw: 0,
    lateAdjustments: [],
    lateAdjustmentTotals: { ...EMPTY_LINE, netAmountKrw: 0 },
    byMethod: { CARD: EMPTY_LINE, BANK_TRANSFER: EMPTY_LINE },
    byIssuer: {},
    byBank: {},
  };
}

function runDay(scenario: DayScenario, decideWith: DecideSettlement = decideSettlement): DayRun {
  const clock = new ModelClock(scenario.start, undefined, 'res-');
  const date = businessDate(clock.now);
  const stream = new ModelStream<SettlementEvent>();
  const steps: DayStep[] = [];
  let rejected: InvariantViolation | null = null;
  /** Per attempt: its reservation id, once it asked; and whether its caller holds it. */
  const attempts = new Map<number, { reservationId: string; held: boolean; released: boolean }>();
  const held = () =>
    new Map(
      [...attempts.values()]
        .filter((attempt) => attempt.held && !attempt.released)
        .map(({ reservationId }) => [reservationId, reservationId]),
    );

  const run = (command: SettlementCommand) => {
    const state = stream.fold(evolveSettlement, initialSettlementState);
    const decision = decideWith(command, state, clock.ctx());
    steps.push({
      command,
      now: clock.now,
      events: decision.events,
      refusal: decision.refusal?.code ?? null,
      held: held(),
    });
    try {
      // evolve asserts the stream's invariants on the new events before they are appended.
      decision.events.reduce(evolveSettlement, state);
      stream.append(stream.events.length, decision.events);
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      rejected = error;
    }
    return decision;
  };

  for (const action of scenario.actions) {
    if (rejected !== null) break;
    switch (action.kind) {
      case 'tick':
        clock.advance(action.ms);
        break;
      case 'reserve': {
        let attempt = attempts.get(action.attempt);
        if (attempt?.released === true) break; // a released reservation is never asked again
        if (attempt === undefined) {
          attempt = { reservationId: clock.newId(), held: false, released: false };
          attempts.set(action.attempt, attempt);
        }
        const { reservationId } = attempt;
        const paymentId = `pay-${action.attempt}`;
        const decision = run({
          type: 'ReserveCancellation',
          data: { date, reservationId, paymentId },
        });
        if (decision.refusal === undefined) attempt.held = true;
        break;
      }
      case 'release': {
        const attempt = attempts.get(action.attempt);
        if (attempt === undefined || !attempt.held) break;
        const { reservationId } = attempt;
        run({
          type: 'ReleaseCancellation',
          data: { date, reservationId, outcome: action.outcome },
        });
        attempt.released = true;
        break;
      }
      case 'close': {
        // SettlementCloser: start (refused before the day ended), then close.
        const started = run({ type: 'StartSettlementClose', data: { date } });
        if (started.refusal !== undefined) break;
        run({
          type: 'CloseSettlement',
          data: {
            date,
            report: emptyReport(date),
            countedUpToPosition: String(steps.length),
            previousCut: '0',
            digest: DIGEST,
          },
        });
        break;
      }
      default: {
        const unknown: never = action;
        throw new Error(`Unknown action ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { date, steps, rejected };
}

/** R18: once closed, nothing more is decided on the day, and its close is the only one. */
function closedDayNeverChanges({ steps }: DayRun): void {
  let closed: SettlementClosed['data'] | null = null;
  for (const { command, events } of steps) {
    holds(
      closed === null || events.length === 0,
      'R18 a closed day never changes',
      () =>
        `${command.type} decided ${events.map((event) => event.type).join(', ')} after the close`,
    );
    const close = events.find((event) => event.type === 'SettlementClosed');
    if (close?.type === 'SettlementClosed') closed = close.data;
  }
}

/** R18: the close starts and ends only once the KST day is over; before, it is refused. */
function closesOnlyAfterTheDay({ date, steps }: DayRun): void {
  const end = dayEnd(date).toMillis();
  for (const { command, now, events, refusal } of steps) {
    const closing = events.some(
      (event) => event.type === 'SettlementCloseStarted' || event.type === 'SettlementClosed',
    );
    holds(
      (!closing || now.toMillis() >= end) && (refusal !== 'DAY_NOT_ENDED' || now.toMillis() < end),
      'R18 a day closes only once it is over',
      () =>
        `${command.type} at ${isoInstant(now)}: ${refusal ?? 'accepted'} (${date} ends at ${isoInstant(dayEnd(date))})`,
    );
  }
}

/** R19: no reservation is taken once the close has started. */
function noReservationAfterTheCloseStarted({ steps }: DayRun): void {
  let started = false;
  for (const { command, now, events } of steps) {
    for (const event of events) {
      holds(
        !(started && event.type === 'SettlementCancellationReserved'),
        'R19 no reservation after the close started',
        () => `${command.type} reserved at ${isoInstant(now)}`,
      );
      if (event.type === 'SettlementCloseStarted') started = true;
    }
  }
}

/** R19: the close never ends while a caller holds a reservation whose lease still runs. */
function closeWaitsForLiveReservations({ steps }: DayRun): void {
  const leases = new Map<string, string>();
  for (const { now, events, held } of steps) {
    for (const event of events) {
      if (event.type === 'SettlementCancellationReserved') {
        leases.set(event.data.reservationId, event.data.leaseUntil);
      }
      if (event.type !== 'SettlementClosed') continue;
      for (const reservationId of held.keys()) {
        const leaseUntil = leases.get(reservationId) ?? '';
        holds(
          leaseUntil !== '' && toBusinessTime(leaseUntil).toMillis() <= now.toMillis(),
          'R19 the close waits for every live reservation',
          () => `closed at ${isoInstant(now)} while ${reservationId} is held until ${leaseUntil}`,
        );
      }
    }
  }
}

function dayProperty(invariant: (run: DayRun) => void, decideWith?: DecideSettlement) {
  return fc.property(dayScenarioArb, (scenario) => {
    const run = runDay(scenario, decideWith);
    invariant(run);
    holds(run.rejected === null, 'evolve', () => String(run.rejected?.message));
  });
}

/** Broken deciders, each dropping one rule (they decide on a doctored state or clock). */
const brokenDay = {
  closesAgain: ((command, state, ctx) =>
    decideSettlement(
      command,
      command.type === 'CloseSettlement' && state.phase === 'CLOSED'
        ? { ...state, phase: 'CLOSING' }
        : state,
      ctx,
    )) satisfies DecideSettlement,
  closesEarly: ((command, state, ctx) =>
    decideSettlement(
      command,
      state,
      command.type === 'StartSettlementClose' || command.type === 'CloseSettlement'
        ? { ...ctx, now: dayEnd(command.data.date) }
        : ctx,
    )) satisfies DecideSettlement,
  reservesWhileClosing: ((command, state, ctx) =>
    decideSettlement(
      command,
      command.type === 'ReserveCancellation' && state.phase === 'CLOSING'
        ? { ...state, phase: 'OPEN' }
        : state,
      ctx,
    )) satisfies DecideSettlement,
  ignoresLeases: ((command, state, ctx) =>
    decideSettlement(
      command,
      command.type === 'CloseSettlement' ? { ...state, openReservations: [] } : state,
      ctx,
    )) satisfies DecideSettlement,
};

// =============================================================================================
// 2. Reports: every completion and cancellation counted exactly once (R24).

type LogAction =
  | { readonly kind: 'tick'; readonly ms: number }
  /** To `ms` after the next KST midnight: where closes, lagging clocks and late answers meet. */
  | { readonly kind: 'pastMidnight'; readonly ms: number }
  | { readonly kind: 'pay'; readonly method: MethodInput; readonly items: PaymentItemInput[] }
  /**
   * The PG's approval; `lagging`: decided by a process whose clock still shows the previous KST
   * day (it lags behind a midnight at most half an hour past), so the completion may land on a day
   * already closed (R19 "even if the clock is wrong", R24).
   */
  | { readonly kind: 'approve'; readonly which: number; readonly lagging: boolean }
  | { readonly kind: 'cancel'; readonly which: number }
  | { readonly kind: 'pgAnswer'; readonly which: number; readonly cancelled: boolean }
  | { readonly kind: 'closeDue' };

interface LogScenario {
  readonly start: string;
  readonly actions: readonly LogAction[];
}

const logScenarioArb: fc.Arbitrary<LogScenario> = fc.record({
  start: startInstant,
  actions: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: clockStepMs.map((ms) => ({ kind: 'tick' as const, ms })) },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('pastMidnight' as const),
          ms: fc.integer({ min: 0, max: 10 * MINUTE_MS }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('pay' as const),
          method: methodArb,
          items: judgmentsArb({ maxLength: 3 }),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({
          kind: fc.constant('approve' as const),
          which: fc.nat(4),
          lagging: fc.oneof(
            { weight: 2, arbitrary: fc.constant(false) },
            { weight: 1, arbitrary: fc.constant(true) },
          ),
        }),
      },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(4) }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('pgAnswer' as const),
          which: fc.nat(4),
          cancelled: fc.oneof(
            { weight: 3, arbitrary: fc.constant(true) },
            { weight: 1, arbitrary: fc.constant(false) },
          ),
        }),
      },
      { weight: 3, arbitrary: fc.constant({ kind: 'closeDue' as const }) },
    ),
    { maxLength: 40, size: 'max' },
  ),
});

interface Close {
  readonly days: readonly BusinessDate[];
  readonly reports: readonly SettlementReport[];
}

/** How the closer computes a batch's reports; the real one, or a broken one. */
interface Closer {
  /** The cut after which late facts are looked for: the previous close's cut. */
  readonly lateAfter: (previousCut: bigint) => bigint;
  readonly withLateAdjustments: boolean;
}

const REAL_CLOSER: Closer = { lateAfter: (previousCut) => previousCut, withLateAdjustments: true };

interface LogRun {
  readonly log: readonly PaymentEvent[];
  readonly closes: readonly Close[];
}

function runLog(scenario: LogScenario, closer: Closer = REAL_CLOSER): LogRun {
  const clock = new ModelClock(scenario.start, undefined, 'item-');
  const log: PaymentEvent[] = [];
  const streams = new Map<string, PaymentEvent[]>();
  const cuts = new Map<BusinessDate, bigint>();
  const closes: Close[] = [];
  let firstOpenDay = businessDate(clock.now);
  let lastCut = 0n;

  const execute = (paymentId: string, command: PaymentCommand, lagMs = 0) => {
    const events = streams.get(paymentId) ?? [];
    const decision = decidePayment(command, foldPayment(events), clock.ctx(undefined, lagMs));
    streams.set(paymentId, [...events, ...decision.events]);
    log.push(...decision.events);
    return decision;
  };
  const withStatus = (status: string, which: number) => {
    const ids = [...streams.keys()].filter((id) => foldPayment(streams.get(id)!).status === status);
    return ids[which % Math.max(1, ids.length)];
  };

  /** SettlementCloser.close of every ended day not closed yet, oldest first, in one batch. */
  const closeDue = () => {
    const days = daysBetween(firstOpenDay, lastEndedDay(clock.now));
    if (days.length === 0) return;
    const tally = new SettlementTally(days, closer.lateAfter(lastCut));
    log.forEach((event, index) => tally.add({ ...event, position: { commit: BigInt(index + 1) } }));
    const cut = BigInt(log.length);
    const late = closer.withLateAdjustments
      ? tally.lateAdjustments((day) => cuts.get(day) ?? null)
      : [];
    const reports = days.map((day, index) => tally.report(day, index === 0 ? late : []));
    for (const day of days) cuts.set(day, cut);
    closes.push({ days, reports });
    lastCut = cut;
    firstOpenDay = nextBusinessDate(days[days.length - 1]!);
  };

  let lastPayment = 0;
  for (const action of scenario.actions) {
    switch (action.kind) {
      case 'tick':
        clock.advance(action.ms);
        break;
      case 'pastMidnight': {
        const midnight = clock.now.startOf('day').plus({ days: 1 });
        clock.advance(midnight.toMillis() - clock.now.toMillis() + action.ms);
        break;
      }
      case 'pay': {
        lastPayment += 1;
        const paymentId = `pay-${lastPayment}`;
        const payer = { type: 'MEMBER' as const, memberId: `m-${lastPayment}` };
        const data = { paymentId, payer, ...methodFields(action.method), items: action.items };
        execute(paymentId, { type: 'RequestPayment', data });
        break;
      }
      case 'approve': {
        const paymentId = withStatus('REQUESTED', action.which);
        if (paymentId === undefined) break;
        const state = foldPayment(streams.get(paymentId)!);
        const amountKrw = state.status === 'NONE' ? 0 : state.amountKrw;
        const approvedAt = isoInstant(clock.now);
        const data = {
          pgTransactionId: `pg-${paymentId}`,
          approvedAmountKrw: amountKrw,
          approvedAt,
          certificateVerified: true,
        };
        const sinceMidnightMs = clock.now.toMillis() - clock.now.startOf('day').toMillis();
        const lagMs = action.lagging && sinceMidnightMs < 30 * MINUTE_MS ? sinceMidnightMs + 1 : 0;
        execute(paymentId, { type: 'CompletePayment', data }, lagMs);
        break;
      }
      case 'cancel': {
        const paymentId = withStatus('COMPLETED', action.which);
        if (paymentId === undefined) break;
        const state = foldPayment(streams.get(paymentId)!);
        const day = state.status === 'COMPLETED' ? state.completion.completedOn : null;
        const settlementClosed = day !== null && cuts.has(day);
        execute(paymentId, { type: 'CancelPayment', data: { settlementClosed } });
        break;
      }
      case 'pgAnswer': {
        const paymentId = withStatus('CANCELLING', action.which);
        if (paymentId === undefined) break;
        const state = foldPayment(streams.get(paymentId)!);
        if (state.status !== 'CANCELLING') break;
        const { cancellationId } = state.cancellation;
        execute(
          paymentId,
          action.cancelled
            ? {
                type: 'RecordCancellationSuccess',
                data: { cancellationId, pgCancelTransactionId: null },
              }
            : {
                type: 'RecordCancellationFailure',
                data: { cancellationId, pgCode: 'C001', pgMessage: '취소 거절' },
              },
        );
        break;
      }
      case 'closeDue':
        closeDue();
        break;
      default: {
        const unknown: never = action;
        throw new Error(`Unknown action ${JSON.stringify(unknown)}`);
      }
    }
  }
  // Every fact recorded so far is counted by the closes of the days after it: two more closes,
  // a day apart, so a late adjustment already reported could be (wrongly) reported again.
  clock.advance(24 * 60 * MINUTE_MS);
  closeDue();
  clock.advance(24 * 60 * MINUTE_MS);
  closeDue();
  return { log, closes };
}

/** R24: the reports count each completion and cancellation once; their nets sum to the log's. */
function everyFactCountedOnce({ log, closes }: LogRun): void {
  const rule = 'R24 every completion and cancellation is counted in exactly one report';
  let completed = 0;
  let cancelled = 0;
  let logNetKrw = 0;
  for (const event of log) {
    if (event.type === 'PaymentCompleted') {
      completed += 1;
      logNetKrw += event.data.amountKrw;
    }
    if (event.type === 'PaymentCancelled') {
      cancelled += 1;
      logNetKrw -= event.data.amountKrw;
    }
  }
  let countedCompleted = 0;
  let countedCancelled = 0;
  let reportsNetKrw = 0;
  for (const report of closes.flatMap((close) => close.reports)) {
    const late = report.lateAdjustmentTotals ?? { ...EMPTY_LINE, netAmountKrw: 0 };
    countedCompleted += report.completed.count + late.completed.count;
    countedCancelled += report.cancelled.count + late.cancelled.count;
    reportsNetKrw += report.netAmountKrw;
  }
  holds(
    countedCompleted === completed && countedCancelled === cancelled && reportsNetKrw === logNetKrw,
    rule,
    () =>
      `the log has ${completed} completions, ${cancelled} cancellations, net ${logNetKrw} KRW; ` +
      `the reports count ${countedCompleted}, ${countedCancelled}, net ${reportsNetKrw} KRW`,
  );
}

/** R18, R2: each report's lines are whole KRW, and its breakdowns add up to its totals. */
function breakdownsAddUp({ closes }: LogRun): void {
  const rule = 'R18 a report’s breakdowns add up to its totals, in whole KRW';
  for (const report of closes.flatMap((close) => close.reports)) {
    for (const side of ['completed', 'cancelled'] as const) {
      const total = report[side];
      const byMethod = Object.values(report.byMethod).map((line) => line[side]);
      const byInstitution = [
        ...Object.values(report.byIssuer),
        ...Object.values(report.byBank),
      ].map((line) => line[side]);
      for (const parts of [byMethod, byInstitution]) {
        const amountKrw = parts.reduce((sum, tally) => sum + tally.amountKrw, 0);
        const count = parts.reduce((sum, tally) => sum + tally.count, 0);
        holds(
          isKrw(total.amountKrw) && amountKrw === total.amountKrw && count === total.count,
          rule,
          () =>
            `${report.date} ${side}: total ${JSON.stringify(total)}, parts ${count} / ${amountKrw}`,
        );
      }
    }
    const net = report.completed.amountKrw - report.cancelled.amountKrw;
    holds(
      report.netAmountKrw === net + (report.lateAdjustmentTotals?.netAmountKrw ?? 0),
      rule,
      () => `${report.date} net ${report.netAmountKrw} ≠ ${net} + late adjustments`,
    );
  }
}

function logProperty(invariant: (run: LogRun) => void, closer?: Closer) {
  return fc.property(logScenarioArb, (scenario) => invariant(runLog(scenario, closer)));
}

describe('settlement properties: random reservations, closes and payments across midnight', () => {
  describe('R18 a closed day never changes', () => {
    it('given reservations, releases, retries and closes at any instant, when anything is decided after the close, then nothing is recorded and the close is the only one', () => {
      fc.assert(dayProperty(closedDayNeverChanges), { numRuns: RUNS });
    });

    it('given a decider that closes a closed day again, then the property finds it', () => {
      expectCounterexample(
        dayProperty(closedDayNeverChanges, brokenDay.closesAgain),
        /R18/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R18 a day closes only once it is over', () => {
    it('given a clock crossing the day’s KST midnight, when the closer runs, then the close starts and ends only from 00:00 KST of the next day', () => {
      fc.assert(dayProperty(closesOnlyAfterTheDay), { numRuns: RUNS });
    });

    it('given a decider that believes the day is over, then the property finds an early close', () => {
      expectCounterexample(
        dayProperty(closesOnlyAfterTheDay, brokenDay.closesEarly),
        /R18/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R19 no reservation after the close started', () => {
    it('given cancellations reserving at any instant, when the close has started, then no reservation is recorded', () => {
      fc.assert(dayProperty(noReservationAfterTheCloseStarted), { numRuns: RUNS });
    });

    it('given a decider that reserves while CLOSING, then the property finds it', () => {
      expectCounterexample(
        dayProperty(noReservationAfterTheCloseStarted, brokenDay.reservesWhileClosing),
        /R19/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R19 the close waits for every live reservation', () => {
    it('given cancellations that hold their reservation, when the day closes, then every one held is released or past its lease', () => {
      fc.assert(dayProperty(closeWaitsForLiveReservations), { numRuns: RUNS });
    });

    it('given a decider that ignores the leases, then the property finds a close over a live reservation', () => {
      expectCounterexample(
        dayProperty(closeWaitsForLiveReservations, brokenDay.ignoresLeases),
        /R19/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R24 amounts are conserved: every completion and cancellation counted in exactly one report', () => {
    it('given payments approved by lagging clocks and PG answers after the close, when the days close in order, then the reports count every fact once and their nets sum to the log’s net', () => {
      fc.assert(logProperty(everyFactCountedOnce), { numRuns: runs(250) });
    });

    it('given a closer that drops the late adjustments, then the property finds a fact never counted', () => {
      expectCounterexample(
        logProperty(everyFactCountedOnce, { ...REAL_CLOSER, withLateAdjustments: false }),
        /R24/,
        BROKEN_RUNS,
      );
    });

    it('given a closer that forgets the previous cut, then the property finds a fact counted twice', () => {
      expectCounterexample(
        logProperty(everyFactCountedOnce, { ...REAL_CLOSER, lateAfter: () => 0n }),
        /R24/,
        BROKEN_RUNS,
      );
    });

    it('given any closed report, then its method and institution breakdowns add up to its totals in whole KRW', () => {
      fc.assert(logProperty(breakdownsAddUp), { numRuns: runs(150) });
    });
  });
});
