import { Injectable } from '@nestjs/common';
import { LedgerMetrics } from '@lib/metrics';
import { ReadModels, countProcesses } from '@lib/projections';

/** The projection lag is counted up to this many events: a bounded read however far behind. */
export const LAG_COUNT_LIMIT = 10_000;

/**
 * The gauges read from this process's read models at each scrape: the projections' lag behind
 * the log (events and seconds), the reconcilers' backlog and the support attention list.
 */
@Injectable()
export class ReadModelGauges {
  constructor(metrics: LedgerMetrics, readModels: ReadModels) {
    metrics.onScrape(async () => {
      metrics.setProjectionLag(await readModels.lag(LAG_COUNT_LIMIT));
      const counts = countProcesses(readModels.db);
      metrics.setReconcilerBacklog('cancellations', counts.pendingCancellations);
      metrics.setReconcilerBacklog('voids', counts.pendingVoids);
      for (const [subject, entries] of Object.entries(counts.attention)) {
        metrics.setAttentionEntries(subject, entries);
      }
    });
  }
}
