import { Injectable } from '@nestjs/common';
import { LedgerContext, type CommandMeta } from '@lib/commands';
import { daysBetween, lastEndedDay, nextBusinessDate, type BusinessDate } from '@lib/ledger';
import { SettlementCloser } from './settlement-closer';
import { SettlementDays } from './settlement-days';
import { SettlementFiles } from './settlement-files';
import { SettlementLogScan } from './settlement-log-scan';

/**
 * The settlement job's work (R18): close every day that has ended and is not closed, oldest first,
 * from the day of the first event in the log to yesterday (KST). Driven by the log and the clock
 * alone, so after any downtime the next run catches up on every missed day. Called by the
 * scheduler and by the test clock; safe to run concurrently with itself and on several replicas
 * (each close is decided through the event store).
 */
@Injectable()
export class DueSettlements {
  /**
   * Every day up to here is known to be closed. Only a cache of a permanent fact (a close is never
   * undone), so it never needs invalidating; it spares re-reading old days on every run.
   */
  private closedThrough: BusinessDate | null = null;

  constructor(
    private readonly days: SettlementDays,
    private readonly closer: SettlementCloser,
    private readonly files: SettlementFiles,
    private readonly ledger: LedgerContext,
    private readonly scan: SettlementLogScan,
  ) {}

  /** Closes what is due and returns the days it closed, oldest first. */
  async closeDue(meta: CommandMeta): Promise<BusinessDate[]> {
    const last = lastEndedDay(this.ledger.now());
    const candidates = await this.candidateDays(last);
    const due: BusinessDate[] = [];
    for (const date of candidates) {
      if ((await this.days.load(date)).state.closed === null) due.push(date);
    }
    if (due.length > 0) await this.closer.close(due, meta);
    if (candidates.length > 0) this.closedThrough = last;
    return due;
  }

  /** Rewrites the report files of every closed day that lacks them (start-up repair). */
  async repairFiles(): Promise<void> {
    const first = await this.scan.firstDay();
    if (first === null) return;
    for (const date of daysBetween(first, lastEndedDay(this.ledger.now()))) {
      const { closed } = (await this.days.load(date)).state;
      if (closed !== null) await this.files.ensure(closed);
    }
  }

  private async candidateDays(last: BusinessDate): Promise<BusinessDate[]> {
    const first =
      this.closedThrough === null
        ? await this.scan.firstDay()
        : nextBusinessDate(this.closedThrough);
    return first === null ? [] : daysBetween(first, last);
  }
}
