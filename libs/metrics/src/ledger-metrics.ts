import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { BUSINESS_ZONE, LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import { EventLoopDelay } from './event-loop-delay';
import { HTTP_SECONDS, PG_CALL_SECONDS, SETTLEMENT_CLOSE_SECONDS } from './metric-buckets';
import { showProcessMetricsIn } from './process-metrics';

/** The Content-Type of the Prometheus text format (0.0.4) that `render()` writes. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** What a settlement close counted for one day (SettlementClosed's report, as far as read here). */
export interface ClosedDayTotals {
  readonly date: string;
  readonly report: {
    readonly completed: { readonly count: number; readonly amountKrw: number };
    readonly cancelled: { readonly count: number; readonly amountKrw: number };
    readonly netAmountKrw: number;
  };
}

/** A projection's distance from the log's end (ReadModels.lag). */
export interface LagFigures {
  readonly events: number;
  readonly seconds: number;
}

/** Read when a scrape begins: figures that are a query, not a count (read-model sizes, lag). */
export type ScrapeHook = () => void | Promise<void>;

/**
 * The process's Prometheus metrics in a registry of its own (never prom-client's global one, so
 * that several apps in one process, as in the tests, keep apart): HTTP answers, Node's default
 * metrics, and the ledger's own. Where each is counted is said at its method. Every label value
 * comes from a closed set (route patterns, methods, statuses, problem codes, event types, PG
 * operations and outcomes), so the number of series is bounded whatever the traffic.
 */
@Injectable()
export class LedgerMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly logger = new Logger(LedgerMetrics.name);
  private readonly scrapeHooks: ScrapeHook[] = [];
  private readonly eventLoop = new EventLoopDelay(this.registry);
  private readonly registers = [this.registry];

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_SECONDS,
    registers: this.registers,
  });
  private readonly problemAnswers = new Counter({
    name: 'ledger_problem_answers_total',
    help: 'Problem (application/problem+json) answers, by problem code and status.',
    labelNames: ['code', 'status'] as const,
    registers: this.registers,
  });
  private readonly idempotentReplays = new Counter({
    name: 'ledger_idempotent_replays_total',
    help: 'Answers replayed for a repeated Idempotency-Key (Idempotent-Replayed: true), by route.',
    labelNames: ['route'] as const,
    registers: this.registers,
  });
  private readonly transitions = new Counter({
    name: 'ledger_payment_transitions_total',
    help:
      'Payment events by type, counted once each as this process applies them to its read models ' +
      '(every process counts the whole log: aggregate with max, not sum).',
    labelNames: ['event'] as const,
    registers: this.registers,
  });
  private readonly pgCalls = new Counter({
    name: 'ledger_pg_calls_total',
    help: 'Calls to the PG, by operation and outcome (NO_ANSWER: failed or timed out).',
    labelNames: ['operation', 'outcome'] as const,
    registers: this.registers,
  });
  private readonly pgCallDuration = new Histogram({
    name: 'ledger_pg_call_duration_seconds',
    help: 'Time the PG took to answer, by operation and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: PG_CALL_SECONDS,
    registers: this.registers,
  });
  private readonly projectionLagEvents = new Gauge({
    name: 'ledger_projection_lag_events',
    help: 'Events in the log that the read models have not applied yet (counted up to 10,000).',
    registers: this.registers,
  });
  private readonly projectionLagSeconds = new Gauge({
    name: 'ledger_projection_lag_seconds',
    help: 'Age of the oldest event the read models have not applied yet (0 when caught up).',
    registers: this.registers,
  });
  private readonly reconcilerBacklog = new Gauge({
    name: 'ledger_reconciler_backlog',
    help:
      'What the reconcilers still have to settle with the PG: cancellations without an outcome, ' +
      'voids not ended (R21, R22).',
    labelNames: ['reconciler'] as const,
    registers: this.registers,
  });
  private readonly attentionEntries = new Gauge({
    name: 'ledger_attention_entries',
    help: 'Entries of the support attention list (GET /v1/support/attention), by subject.',
    labelNames: ['subject'] as const,
    registers: this.registers,
  });
  private readonly settlementCloseDuration = new Histogram({
    name: 'ledger_settlement_close_duration_seconds',
    help: 'Time a settlement close took in this process, from the request to the report files.',
    buckets: SETTLEMENT_CLOSE_SECONDS,
    registers: this.registers,
  });
  private readonly settlementDaysClosed = new Counter({
    name: 'ledger_settlement_days_closed_total',
    help: 'KST days this process closed (each day is closed by one process).',
    registers: this.registers,
  });
  private readonly settlementPayments = new Counter({
    name: 'ledger_settlement_closed_payments_total',
    help: 'Payments counted by the days this process closed, completed and cancelled.',
    labelNames: ['kind'] as const,
    registers: this.registers,
  });
  private readonly settlementAmount = new Counter({
    name: 'ledger_settlement_closed_amount_krw_total',
    help: 'KRW counted by the days this process closed, completed and cancelled.',
    labelNames: ['kind'] as const,
    registers: this.registers,
  });
  private readonly lastDayPayments = new Gauge({
    name: 'ledger_settlement_last_day_payments',
    help: 'Payments of the last day this process closed, completed and cancelled.',
    labelNames: ['kind'] as const,
    registers: this.registers,
  });
  private readonly lastDayAmount = new Gauge({
    name: 'ledger_settlement_last_day_amount_krw',
    help: 'KRW of the last day this process closed: completed, cancelled and net (with R24).',
    labelNames: ['kind'] as const,
    registers: this.registers,
  });
  private readonly lastDayStart = new Gauge({
    name: 'ledger_settlement_last_closed_day_timestamp_seconds',
    help: 'Start (00:00 KST) of the last day this process closed, as a Unix time.',
    registers: this.registers,
  });

  constructor(@Inject(LEDGER_CONFIG) identity: Pick<LedgerConfig, 'role' | 'store'>) {
    new Gauge({
      name: 'ledger_process_info',
      help: 'What this process is: its role (LEDGER_ROLE) and event store.',
      labelNames: ['role', 'store'] as const,
      registers: this.registers,
    }).set({ role: identity.role, store: identity.store }, 1);
    showProcessMetricsIn(this.registry);
  }

  onModuleDestroy(): void {
    this.eventLoop.stop();
  }

  /** Figures read when a scrape begins; a hook that fails leaves its figures as they were. */
  onScrape(hook: ScrapeHook): void {
    this.scrapeHooks.push(hook);
  }

  /** The Prometheus text format (PROMETHEUS_CONTENT_TYPE). */
  async render(): Promise<string> {
    this.eventLoop.sample();
    for (const hook of this.scrapeHooks) {
      try {
        await hook();
      } catch (error) {
        this.logger.warn(`A metric could not be read for this scrape: ${String(error)}`);
      }
    }
    return this.registry.metrics();
  }

  /** Every answered request (apps/api's HTTP hooks); `route` is the pattern, never the URL. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: statusCode }, seconds);
  }

  /** Every problem answer, whichever part of the HTTP layer sent it. */
  countProblemAnswer(code: string, status: number): void {
    this.problemAnswers.inc({ code, status });
  }

  countIdempotentReplay(route: string): void {
    this.idempotentReplays.inc({ route });
  }

  /** Payment events new to this process's read models, as its projection runner commits them. */
  countPaymentTransitions(eventTypes: readonly string[]): void {
    for (const event of eventTypes) this.transitions.inc({ event });
  }

  /** Every call to the PG port (libs/gateway's MeteredPaymentGateway). */
  observePgCall(operation: string, outcome: string, seconds: number): void {
    this.pgCalls.inc({ operation, outcome });
    this.pgCallDuration.observe({ operation, outcome }, seconds);
  }

  setProjectionLag({ events, seconds }: LagFigures): void {
    this.projectionLagEvents.set(events);
    this.projectionLagSeconds.set(seconds);
  }

  setReconcilerBacklog(reconciler: 'cancellations' | 'voids', entries: number): void {
    this.reconcilerBacklog.set({ reconciler }, entries);
  }

  setAttentionEntries(subject: string, entries: number): void {
    this.attentionEntries.set({ subject }, entries);
  }

  /** A settlement close call that returned (libs/settlement's SettlementCloser). */
  observeSettlementClose(seconds: number): void {
    this.settlementCloseDuration.observe(seconds);
  }

  /** A day this process closed: its SettlementClosed was appended here. */
  countClosedDay({ date, report }: ClosedDayTotals): void {
    const { completed, cancelled, netAmountKrw } = report;
    this.settlementDaysClosed.inc();
    this.settlementPayments.inc({ kind: 'completed' }, completed.count);
    this.settlementPayments.inc({ kind: 'cancelled' }, cancelled.count);
    this.settlementAmount.inc({ kind: 'completed' }, completed.amountKrw);
    this.settlementAmount.inc({ kind: 'cancelled' }, cancelled.amountKrw);
    this.lastDayPayments.set({ kind: 'completed' }, completed.count);
    this.lastDayPayments.set({ kind: 'cancelled' }, cancelled.count);
    this.lastDayAmount.set({ kind: 'completed' }, completed.amountKrw);
    this.lastDayAmount.set({ kind: 'cancelled' }, cancelled.amountKrw);
    this.lastDayAmount.set({ kind: 'net' }, netAmountKrw);
    this.lastDayStart.set(DateTime.fromISO(date, { zone: BUSINESS_ZONE }).toSeconds());
  }
}
