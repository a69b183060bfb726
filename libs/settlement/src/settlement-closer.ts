import { Inject, Injectable, Optional } from '@nestjs/common';
import { SealBuilder } from '@lib/audit';
import { LedgerContext, RefusedError, type CommandMeta } from '@lib/commands';
import { SCHEDULER, type Scheduler } from '@lib/common';
import { WrongExpectedVersionError } from '@lib/event-store';
import {
  cancellationsPendingAt,
  daysBetween,
  decideSettlement,
  invariant,
  dayStart,
  previousBusinessDate,
  toBusinessTime,
  type LateAdjustment,
  type SealedDigest,
  type SettlementTally,
  type BusinessDate,
  type SettlementClosed,
  type SettlementReport,
} from '@lib/ledger';
import { LIMITS } from '@lib/limits';
import { LedgerMetrics } from '@lib/metrics';
import { SettlementDays, type LoadedSettlementDay } from './settlement-days';
import { SettlementFiles } from './settlement-files';
import { SettlementLogScan } from './settlement-log-scan';

export type ClosedSettlement = SettlementClosed['data'];

export interface CloseOptions {
  /** How long to wait for cancellations still at the PG before answering CANCELLATIONS_PENDING. */
  readonly waitForCancellationsMs?: number;
}

/**
 * Closes KST days (R18, R19; docs/adr/0005), oldest first, in four steps per round:
 * 1. SettlementCloseStarted on each day's stream: from here no cancellation of the day may start,
 *    and (one process) every append decided before it is committed before the scan begins;
 * 2. wait until no reservation of those days is open (or its lease has lapsed), remembering the
 *    revision each stream was quiet at;
 * 3. one scan of `$all` counts every day;
 * 4. SettlementClosed with the expected revision of step 2. If anything reached the stream in
 *    between (a late release, another closer), the append fails: the day is either closed by the
 *    other closer (its report is the answer) or this round starts over.
 * The files follow the events.
 */
@Injectable()
export class SettlementCloser {
  constructor(
    private readonly days: SettlementDays,
    private readonly scan: SettlementLogScan,
    private readonly files: SettlementFiles,
    private readonly ledger: LedgerContext,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Optional() private readonly metrics?: LedgerMetrics,
  ) {}

  async close(
    dates: readonly BusinessDate[],
    meta: CommandMeta,
    options: CloseOptions = {},
  ): Promise<ClosedSettlement[]> {
    const startedMs = performance.now();
    const requested = [...new Set(dates)].sort();
    const days = await this.withEarlierOpenDays(requested);
    for (let round = 1; round <= LIMITS.settlement.closeRounds; round += 1) {
      const closed = await this.round(days, meta, options);
      if (closed !== null) {
        for (const day of closed) await this.files.ensure(day);
        this.metrics?.observeSettlementClose((performance.now() - startedMs) / 1_000);
        return closed.filter((day) => requested.includes(day.date));
      }
    }
    throw new Error(`The settlement streams of ${days.join(', ')} kept changing during the close`);
  }

  private async round(
    days: readonly BusinessDate[],
    meta: CommandMeta,
    options: CloseOptions,
  ): Promise<ClosedSettlement[] | null> {
    const closed = new Map<BusinessDate, ClosedSettlement>();
    const started = await Promise.all(
      days.map((date) => this.days.run({ type: 'StartSettlementClose', data: { date } }, meta)),
    );
    started.forEach(({ state, refusal }, index) => {
      if (refusal !== undefined) throw new RefusedError(refusal);
      if (state.closed !== null) closed.set(days[index]!, state.closed);
    });
    const open = days.filter((date) => !closed.has(date));
    if (open.length > 0) {
      const quiet = await this.waitForQuiet(open, options);
      const [first] = open;
      const { previousCut, sealAfter } = await this.cutsBefore(first!);
      const scanned = await this.scan.tally(
        open,
        BigInt(previousCut),
        BigInt(sealAfter),
        await this.scanStartBefore(first!),
      );
      const { tally, countedUpToPosition } = scanned;
      const late = await this.lateAdjustments(tally);
      for (const [index, date] of open.entries()) {
        // R24: the late facts since the previous cut go to the first report this close makes;
        // the days after it follow on from this close's own cut.
        const report = index === 0 ? tally.report(date, late) : tally.report(date);
        const cuts = {
          countedUpToPosition,
          previousCut: index === 0 ? previousCut : countedUpToPosition,
          digest: index === 0 ? scanned.digest : emptySealAt(countedUpToPosition),
        };
        const result = await this.closeAt(date, quiet.get(date)!, report, cuts, meta);
        if (result === null) return null;
        closed.set(date, result);
      }
    }
    return days.map((date) => closed.get(date)!);
  }

  /**
   * R24: days close in order, so a close knows the cut of the one before it. Every day of the log
   * up to the last one asked for that is not closed yet closes with them.
   */
  private async withEarlierOpenDays(requested: readonly BusinessDate[]): Promise<BusinessDate[]> {
    const last = requested[requested.length - 1];
    const first = await this.scan.firstDay();
    if (last === undefined || first === null || first > last) return [...requested];
    const days = new Set(requested);
    for (const date of daysBetween(first, last)) {
      if ((await this.days.load(date)).state.closed === null) days.add(date);
    }
    return [...days].sort();
  }

  /**
   * O(day): a position before every event of `date` and the days after it, where the close's scan
   * may start. An event of `date` happened after `date` began, so it was recorded after every
   * close made before then — after the cut of the latest such close (with a margin for clocks
   * that disagree). No such close among the last few days: the start of the log.
   */
  private async scanStartBefore(date: BusinessDate): Promise<bigint> {
    const began = dayStart(date).toMillis() - LIMITS.settlement.scanClockMarginMs;
    let day = previousBusinessDate(date);
    for (let back = 0; back < LIMITS.settlement.scanLookBackDays; back += 1) {
      day = previousBusinessDate(day);
      const { closed } = (await this.days.load(day)).state;
      if (closed === null) return 0n;
      if (toBusinessTime(closed.closedAt).toMillis() < began) {
        return BigInt(closed.countedUpToPosition);
      }
    }
    return 0n;
  }

  /**
   * The cut of the day before `date` (its close's position, or "0" before the log began) and where
   * this close's seal starts: at that cut when that close sealed its slice, else at the start of
   * the log, so the first close with seals covers every event written before seals existed
   * (docs/adr/0010, the genesis rule).
   */
  private async cutsBefore(
    date: BusinessDate,
  ): Promise<{ readonly previousCut: string; readonly sealAfter: string }> {
    const { closed } = (await this.days.load(previousBusinessDate(date))).state;
    const previousCut = closed?.countedUpToPosition ?? '0';
    return { previousCut, sealAfter: closed?.digest === undefined ? '0' : previousCut };
  }

  /** R24: the scan's late candidates whose own day was closed before they were recorded. */
  private async lateAdjustments(tally: SettlementTally): Promise<LateAdjustment[]> {
    const cuts = new Map<BusinessDate, bigint | null>();
    for (const date of tally.lateCandidateDays()) {
      const { closed } = (await this.days.load(date)).state;
      cuts.set(date, closed === null ? null : BigInt(closed.countedUpToPosition));
    }
    return tally.lateAdjustments((date) => cuts.get(date) ?? null);
  }

  /** Step 2: every day's stream with no reservation whose lease still runs. */
  private async waitForQuiet(
    dates: readonly BusinessDate[],
    options: CloseOptions,
  ): Promise<Map<BusinessDate, LoadedSettlementDay>> {
    const waitMs = options.waitForCancellationsMs ?? LIMITS.settlement.closeWaitForCancellationsMs;
    const pollMs = LIMITS.settlement.closePollMs;
    for (let waitedMs = 0; ; waitedMs += pollMs) {
      const loaded = new Map<BusinessDate, LoadedSettlementDay>();
      for (const date of dates) loaded.set(date, await this.days.load(date));
      const now = this.ledger.now();
      const pending = [...loaded.values()]
        .map(({ state }) => cancellationsPendingAt(state, now))
        .find((refusal) => refusal !== null);
      if (pending === undefined) return loaded;
      if (waitedMs >= waitMs) throw new RefusedError(pending);
      await this.scheduler.sleep(pollMs);
    }
  }

  /** Step 4; null when the stream moved since step 2 and the day is not closed. */
  private async closeAt(
    date: BusinessDate,
    day: LoadedSettlementDay,
    report: SettlementReport,
    cuts: {
      readonly countedUpToPosition: string;
      readonly previousCut: string;
      readonly digest: SealedDigest;
    },
    meta: CommandMeta,
  ): Promise<ClosedSettlement | null> {
    const decision = decideSettlement(
      { type: 'CloseSettlement', data: { date, report, ...cuts } },
      day.state,
      this.ledger.decisionContext(meta),
    );
    if (decision.refusal !== undefined) throw new RefusedError(decision.refusal);
    const [event] = decision.events;
    if (event === undefined) return day.state.closed;
    invariant(event.type === 'SettlementClosed', `A close decided ${event.type}`);
    try {
      await this.days.appendAt(date, decision.events, day.revision, meta);
      this.metrics?.countClosedDay(event.data);
      return event.data;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      return (await this.days.load(date)).state.closed;
    }
  }
}

/** The seal of a day closed with earlier ones: the first carries the whole slice (R24's rule). */
function emptySealAt(cut: string): SealedDigest {
  return { ...new SealBuilder().seal(), after: cut };
}
