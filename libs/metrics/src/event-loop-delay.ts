import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, type Metric, type Registry } from 'prom-client';

/** Sampling step of the event-loop delay histogram (Node's own resolution). */
const EVENT_LOOP_RESOLUTION_MS = 10;
const QUANTILES = [0.5, 0.99, 0.999] as const;

interface Snapshot {
  readonly quantileSeconds: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
  readonly maxSeconds: number;
}

const EMPTY: Snapshot = {
  quantileSeconds: QUANTILES.map(() => 0),
  count: 0,
  sumSeconds: 0,
  maxSeconds: 0,
};

/**
 * How late the event loop ran timers since the previous scrape (issue 12: the loop is for
 * requests; fsync, projections and scans must not stall it): `ledger_event_loop_delay_seconds`,
 * a summary with quantiles, and `ledger_event_loop_delay_max_seconds`. The histogram restarts at
 * each scrape, so a scrape before and one after a load test give the delay during it (the bench
 * reads the p99 so). Node measures the delay past its sampling step: an idle loop shows about 0.
 * Node's default metrics have the same figures as `nodejs_eventloop_lag_*`; these keep their name.
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram;
  private snapshot: Snapshot = EMPTY;

  constructor(registry: Registry) {
    this.histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.histogram.enable();
    registry.registerMetric(this.summary());
    const max: Gauge = new Gauge({
      name: 'ledger_event_loop_delay_max_seconds',
      help: 'Longest event-loop delay since the previous scrape.',
      registers: [registry],
      collect: (): void => max.set(this.snapshot.maxSeconds),
    });
  }

  /** Called once per scrape, before the registry is read: freezes the figures and restarts. */
  sample(): void {
    const { histogram } = this;
    const count = histogram.count;
    const seconds = (nanos: number) => (count === 0 || !Number.isFinite(nanos) ? 0 : nanos / 1e9);
    this.snapshot = {
      quantileSeconds: QUANTILES.map((quantile) => seconds(histogram.percentile(quantile * 100))),
      count,
      sumSeconds: seconds(histogram.mean) * count,
      maxSeconds: seconds(histogram.max),
    };
    histogram.reset();
  }

  stop(): void {
    this.histogram.disable();
  }

  /**
   * A summary whose quantiles come from Node's histogram, which prom-client's Summary (it computes
   * its own from observed values) cannot take: the registry reads any object with `get()`.
   */
  private summary(): Metric {
    const name = 'ledger_event_loop_delay_seconds';
    const summary = {
      name,
      help: 'Event-loop delay since the previous scrape.',
      type: 'summary',
      aggregator: 'max',
      get: () => {
        const { quantileSeconds, count, sumSeconds } = this.snapshot;
        return {
          name,
          help: summary.help,
          type: summary.type,
          aggregator: summary.aggregator,
          values: [
            ...QUANTILES.map((quantile, index) => ({
              labels: { quantile },
              value: quantileSeconds[index] ?? 0,
            })),
            { metricName: `${name}_sum`, labels: {}, value: sumSeconds },
            { metricName: `${name}_count`, labels: {}, value: count },
          ],
        };
      },
      reset: () => undefined,
    };
    // prom-client's typings know only its own four classes; at run time it asks for `get()`.
    return summary as unknown as Metric;
  }
}
