import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';

/** Sampling step of the event-loop delay histogram (Node's own resolution). */
const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * Requests by method, route pattern (never the raw URL, which holds ids) and status class; and
 * how late the event loop ran timers (issue 12: the loop is for requests — fsync, projections and
 * scans must not stall it), as quantiles since the previous scrape.
 */
@Injectable()
export class HttpMetrics implements OnModuleDestroy {
  private readonly loopDelay: IntervalHistogram;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly identity: Pick<LedgerConfig, 'role' | 'store'>,
  ) {
    this.loopDelay = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.loopDelay.enable();
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  private readonly requests = new Map<string, number>();
  private readonly durationsSeconds = new Map<string, { count: number; sum: number }>();

  /** Counts every answered request; `routeOptions.url` is the pattern, e.g. `/v1/payments/:paymentId`. */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const key = `method="${request.method}",route="${route}",status="${reply.statusCode}"`;
      this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
      const timing = this.durationsSeconds.get(key) ?? { count: 0, sum: 0 };
      timing.count += 1;
      timing.sum += reply.elapsedTime / 1000;
      this.durationsSeconds.set(key, timing);
      done();
    });
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const lines = [
      '# HELP ledger_http_requests_total HTTP requests answered, by method, route and status.',
      '# TYPE ledger_http_requests_total counter',
      ...[...this.requests].map(
        ([labels, count]) => `ledger_http_requests_total{${labels}} ${count}`,
      ),
      '# HELP ledger_http_request_duration_seconds Time to answer, by method, route and status.',
      '# TYPE ledger_http_request_duration_seconds summary',
      ...[...this.durationsSeconds].flatMap(([labels, { count, sum }]) => [
        `ledger_http_request_duration_seconds_count{${labels}} ${count}`,
        `ledger_http_request_duration_seconds_sum{${labels}} ${sum.toFixed(6)}`,
      ]),
      '# HELP ledger_process_resident_memory_bytes Resident memory of the process.',
      '# TYPE ledger_process_resident_memory_bytes gauge',
      `ledger_process_resident_memory_bytes ${process.memoryUsage().rss}`,
      ...this.renderLoopDelay(),
      '# HELP ledger_process_uptime_seconds Seconds since the process started.',
      '# TYPE ledger_process_uptime_seconds gauge',
      `ledger_process_uptime_seconds ${process.uptime().toFixed(3)}`,
      '# HELP ledger_process_info What this process is: its role (LEDGER_ROLE) and event store.',
      '# TYPE ledger_process_info gauge',
      `ledger_process_info{role="${this.identity.role}",store="${this.identity.store}"} 1`,
    ];
    return `${lines.join('\n')}\n`;
  }

  /**
   * Event-loop delay since the previous scrape, in seconds (the histogram restarts at each scrape,
   * so a scrape before and one after a load test give the delay during it). Node measures the
   * delay past its sampling step, so an idle loop shows about zero.
   */
  private renderLoopDelay(): string[] {
    const histogram = this.loopDelay;
    const seconds = (nanos: number) => (Number.isFinite(nanos) ? nanos / 1e9 : 0).toFixed(6);
    const samples = histogram.count;
    const lines = [
      '# HELP ledger_event_loop_delay_seconds Event-loop delay since the previous scrape.',
      '# TYPE ledger_event_loop_delay_seconds summary',
      ...[0.5, 0.99, 0.999].map(
        (quantile) =>
          `ledger_event_loop_delay_seconds{quantile="${quantile}"} ${seconds(samples === 0 ? 0 : histogram.percentile(quantile * 100))}`,
      ),
      `ledger_event_loop_delay_seconds_count ${samples}`,
      '# HELP ledger_event_loop_delay_max_seconds Longest event-loop delay since the previous scrape.',
      '# TYPE ledger_event_loop_delay_max_seconds gauge',
      `ledger_event_loop_delay_max_seconds ${seconds(samples === 0 ? 0 : histogram.max)}`,
    ];
    histogram.reset();
    return lines;
  }
}
