import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';

/** Requests by method, route pattern (never the raw URL, which holds ids) and status class. */
@Injectable()
export class HttpMetrics {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly identity: Pick<LedgerConfig, 'role' | 'store'>,
  ) {}

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
      '# HELP ledger_process_uptime_seconds Seconds since the process started.',
      '# TYPE ledger_process_uptime_seconds gauge',
      `ledger_process_uptime_seconds ${process.uptime().toFixed(3)}`,
      '# HELP ledger_process_info What this process is: its role (LEDGER_ROLE) and event store.',
      '# TYPE ledger_process_info gauge',
      `ledger_process_info{role="${this.identity.role}",store="${this.identity.store}"} 1`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
