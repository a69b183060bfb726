import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LedgerContext, systemMeta } from '@lib/commands';
import { ManualClock, RealTimeScheduler, randomIds } from '@lib/common';
import { openSqliteEventStore, type EventStore } from '@lib/event-store';
import { DEFAULT_LEDGER_POLICY } from '@lib/ledger';
import {
  SettlementCloser,
  SettlementDays,
  SettlementFiles,
  SettlementLogScan,
} from '@lib/settlement';
import { count, ratio, seconds } from '../support/format';
import { fillStore, kst, spreadOver } from '../support/log-file';
import { PaymentHistory, type PaymentHistoryOptions } from '../support/payment-history';
import { progress } from '../support/progress';
import { meanScan, rawScan, storeContents } from '../support/raw-sqlite';
import type { BenchSection } from '../support/section';

const MEASURE = 'settlement close of one day';
const DAY = '2026-11-02';
const DAY_BEFORE = '2026-11-01';
/** The earlier days fill the week before the closed day. */
const EARLIER_FROM = '2026-10-26T00:00';

/**
 * Row 5: SettlementCloser.close of one KST day with N generated payments, in a log whose earlier
 * days (the week before, already closed) hold the rest of its M events, through the real close
 * service on a SQLite store file. The baseline is a raw scan of the same log (SELECT of every event
 * + JSON.parse of its data and metadata): what any close that reads the whole log pays at least.
 */
export const settlementCloseSection: BenchSection = {
  name: 'close',
  measures: [MEASURE],
  needsBuild: false,
  async run({ flags, temp, note }) {
    const dir = temp.make('close');
    const path = join(dir, 'events.sqlite');
    const day = spreadOver(
      { from: kst(`${DAY}T00:00`), to: kst(`${DAY}T23:50`), payments: flags.closePayments },
      { seed: 5, members: 50_000, prefix: 'day' },
    );
    const dayIsDone = (history: PaymentHistory) =>
      history.payments >= flags.closePayments || history.now >= kst(`${DAY}T23:50`);
    const dayEvents = countEvents(day, dayIsDone);
    const earlierEvents = Math.round(Math.max(0, flags.closeLogFactor - 1) * dayEvents);

    const store = openSqliteEventStore({ path });
    const clock = new ManualClock(kst(`${DAY}T00:00:30`));
    const closer = closerOver(store, clock, dir);
    try {
      if (earlierEvents > 0) {
        progress(
          `close: ${count(earlierEvents)} events on the week before ${DAY}, then closing it`,
        );
        const earlier = spreadOver(
          {
            from: kst(EARLIER_FROM),
            to: kst(`${DAY_BEFORE}T23:50`),
            payments: Math.ceil((earlierEvents / dayEvents) * flags.closePayments),
          },
          { seed: 6, members: 50_000, prefix: 'early' },
        );
        await fillStore(
          store,
          earlier,
          (history) => history.events >= earlierEvents || history.now >= kst(`${DAY_BEFORE}T23:50`),
          'close (earlier days)',
        );
        await closer.close([DAY_BEFORE], systemMeta('bench'));
      }
      progress(`close: ${count(flags.closePayments)} payments on ${DAY}`);
      await fillStore(store, day, dayIsDone, 'close (the day)');
      clock.set(kst(`${DAY}T00:05`).plus({ days: 1 }));
      // Raw scans before and after bracket ours; the first also warms the page cache for both.
      const rawBefore = rawScan(path);
      progress(`close: SettlementCloser.close(${DAY})`);
      const started = performance.now();
      const [closed] = await closer.close([DAY], systemMeta('bench'));
      const closeSeconds = (performance.now() - started) / 1_000;
      const raw = meanScan(rawBefore, rawScan(path));
      const { events } = storeContents(path);
      const report = closed?.report;
      note(
        `close: ${DAY} holds ${count(dayEvents)} events of ${count(flags.closePayments)} payments ` +
          `(${count(report?.completed.count ?? 0)} completed, ${count(report?.cancelled.count ?? 0)} ` +
          `cancelled) in a log of ${count(events)} events; the earlier days were closed before.`,
      );
      return [
        {
          measure: `${MEASURE}, ${count(flags.closePayments)} payments, ${count(events)}-event log`,
          ours: seconds(closeSeconds),
          baseline: `${seconds(raw.seconds)} (raw scan of the whole log)`,
          ratio: ratio(closeSeconds, raw.seconds),
        },
      ];
    } finally {
      await store.close();
    }
  },
};

/** The close service as the sim builds it: the real classes with `new`, over one store. */
function closerOver(store: EventStore, clock: ManualClock, dataDir: string): SettlementCloser {
  const ledger = new LedgerContext(clock, { policy: DEFAULT_LEDGER_POLICY }, randomIds);
  return new SettlementCloser(
    new SettlementDays(store, ledger),
    new SettlementLogScan(store),
    new SettlementFiles({ dataDir }),
    ledger,
    new RealTimeScheduler(),
  );
}

/** A dry run of the same seeded history: how many events the day will hold. */
function countEvents(
  options: PaymentHistoryOptions,
  done: (history: PaymentHistory) => boolean,
): number {
  const history = new PaymentHistory(options);
  while (!done(history)) history.step();
  return history.events;
}
