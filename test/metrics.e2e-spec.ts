/**
 * Issue 14, metrics: after a payment's whole life (request, approval, view, a refused and an
 * accepted cancellation, a guest look-up, an idempotent replay, the day's close), `GET /metrics`
 * has request duration histograms by route pattern, Node's default metrics and every domain
 * family with the samples that life made; and every metric the Grafana dashboard queries is one
 * that `/metrics` exports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  approval,
  cardPaymentBody,
  completePayment,
  expectProblem,
  guestCardPaymentBody,
  moveClockTo,
  newMemberId,
  requestPayment,
  startTestApp,
  type PaymentBody,
  type TestApp,
} from './support/test-app';
import { closedReport } from './support/settlement-fixtures';
import { exportedNames, familiesOf, valueOf } from './support/prometheus-text';

const DAY = '2026-12-01';
const DASHBOARD = path.resolve(__dirname, '..', 'docker/grafana/dashboards/ledger.json');

/** The metric names a PromQL query reads (ours all start with one of these prefixes). */
function metricNamesIn(expr: string): string[] {
  const withoutMatchers = expr.replace(/\{[^}]*\}/g, '').replace(/\b(by|without)\s*\([^)]*\)/g, '');
  return [...withoutMatchers.matchAll(/\b(?:ledger|http|nodejs|process)_\w+/g)].map((m) => m[0]);
}

/** Every `expr` of the dashboard's panels (rows hold panels too). */
function dashboardQueries(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as {
    panels: { targets?: { expr: string }[]; panels?: { targets?: { expr: string }[] }[] }[];
  };
  return dashboard.panels
    .flatMap((panel) => [panel, ...(panel.panels ?? [])])
    .flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

describe('GET /metrics after a payment’s life (issue 14)', () => {
  let t: TestApp;
  let text: string;
  let viewed: PaymentBody;
  let report: { completed: { count: number; amount: number } };

  beforeAll(async () => {
    t = await startTestApp({ now: `${DAY}T10:00:00+09:00` });
    // A payment that is viewed, so its cancellation is refused (a problem answer).
    viewed = await requestPayment(t, cardPaymentBody(2, newMemberId()));
    await completePayment(t, viewed);
    const item = viewed.items[0]!.itemId;
    const view = `/v1/payments/${viewed.paymentId}/items/${item}/view`;
    expect((await t.post('client', view, undefined, `view-${viewed.paymentId}`)).status).toBe(200);
    expect((await t.get('client', `/v1/payments/${viewed.paymentId}`)).status).toBe(200);
    const refused = await t.post('client', `/v1/payments/${viewed.paymentId}/cancel`);
    expectProblem(refused, 409, 'CANCEL_NOT_ALLOWED');
    // The same view again with the same key: the first answer, replayed.
    const replayed = await t.post('client', view, undefined, `view-${viewed.paymentId}`);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    // A guest's payment, cancelled at the PG, then looked up by phone and password.
    const guest = await requestPayment(t, guestCardPaymentBody('010-2345-6789', 'guest-pass'));
    await t
      .post('gateway', `/v1/payments/${guest.paymentId}/complete`, approval(guest.amount))
      .expect(200);
    const cancelled = await t.post('client', `/v1/payments/${guest.paymentId}/cancel`);
    expect({ status: cancelled.status, body: cancelled.body as unknown }).toMatchObject({
      status: 200,
      body: { status: 'CANCELLED' },
    });
    const lookup = await t
      .http()
      .post('/v1/guests/payments/lookup')
      .set('Authorization', 'Bearer dev-client-key')
      .send({ phone: '010-2345-6789', password: 'guest-pass' });
    expect(lookup.status).toBe(200);
    // The day ends and is closed.
    moveClockTo(t.clock, '00:10', 1);
    report = await closedReport(t, DAY);
    text = (await t.http().get('/metrics').expect(200)).text;
  });

  afterAll(() => t.close());

  it('answers the Prometheus text format with histograms (_bucket) by route pattern, never by id', () => {
    const route = '/v1/payments/:paymentId/items/:itemId/view';
    expect(familiesOf(text).get('http_request_duration_seconds')).toBe('histogram');
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/v1\/payments",status_code="201"\} \d+$/m,
    );
    expect(
      valueOf(text, 'http_request_duration_seconds_count', {
        method: 'POST',
        route,
        status_code: '200',
      }),
    ).toBe(2);
    expect(text).not.toContain(viewed.paymentId);
    expect(text).not.toContain('010-2345-6789');
  });

  it("has Node's default metrics: event-loop lag, GC, heap, CPU", () => {
    const families = familiesOf(text);
    expect(families.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
    expect(families.get('nodejs_gc_duration_seconds')).toBe('histogram');
    expect(valueOf(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(valueOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // The bench reads the event-loop p99 since the previous scrape (bench/support/event-loop-metric.ts).
    expect(families.get('ledger_event_loop_delay_seconds')).toBe('summary');
    expect(
      valueOf(text, 'ledger_event_loop_delay_seconds', { quantile: '0.99' }),
    ).toBeGreaterThanOrEqual(0);
  });

  it('counts payments by transition, once each, as the read models apply them', () => {
    const transitions = (event: string) =>
      valueOf(text, 'ledger_payment_transitions_total', { event });
    expect(transitions('PaymentRequested')).toBe(2);
    expect(transitions('PaymentCompleted')).toBe(2);
    expect(transitions('JudgmentViewed')).toBe(1);
    expect(transitions('PaymentCancellationStarted')).toBe(1);
    expect(transitions('PaymentCancelled')).toBe(1);
  });

  it('counts and times the PG calls by operation and outcome', () => {
    const labels = { operation: 'cancel', outcome: 'CANCELLED' };
    expect(valueOf(text, 'ledger_pg_calls_total', labels)).toBe(1);
    expect(valueOf(text, 'ledger_pg_call_duration_seconds_count', labels)).toBe(1);
    expect(valueOf(text, 'ledger_pg_call_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(
      1,
    );
  });

  it('counts problem answers by code and status, and idempotent replays by route', () => {
    expect(
      valueOf(text, 'ledger_problem_answers_total', { code: 'CANCEL_NOT_ALLOWED', status: '409' }),
    ).toBe(1);
    expect(
      valueOf(text, 'ledger_idempotent_replays_total', {
        route: '/v1/payments/:paymentId/items/:itemId/view',
      }),
    ).toBe(1);
  });

  it('reads the projection lag, the reconcilers’ backlog and the attention list at the scrape', () => {
    expect(valueOf(text, 'ledger_projection_lag_events')).toBeGreaterThanOrEqual(0);
    expect(valueOf(text, 'ledger_projection_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(text, 'ledger_reconciler_backlog', { reconciler: 'cancellations' })).toBe(0);
    expect(valueOf(text, 'ledger_reconciler_backlog', { reconciler: 'voids' })).toBe(0);
    expect(valueOf(text, 'ledger_attention_entries', { subject: 'CANCELLATION' })).toBe(0);
    expect(valueOf(text, 'ledger_attention_entries', { subject: 'VOID' })).toBe(0);
  });

  it('times the settlement close and keeps the closed day’s totals', () => {
    expect(valueOf(text, 'ledger_settlement_close_duration_seconds_count')).toBeGreaterThanOrEqual(
      1,
    );
    expect(valueOf(text, 'ledger_settlement_days_closed_total')).toBe(1);
    expect(valueOf(text, 'ledger_settlement_last_day_payments', { kind: 'completed' })).toBe(
      report.completed.count,
    );
    expect(valueOf(text, 'ledger_settlement_last_day_amount_krw', { kind: 'completed' })).toBe(
      report.completed.amount,
    );
    expect(valueOf(text, 'ledger_settlement_closed_payments_total', { kind: 'cancelled' })).toBe(1);
    expect(valueOf(text, 'ledger_settlement_last_closed_day_timestamp_seconds')).toBe(
      Date.parse(`${DAY}T00:00:00+09:00`) / 1_000,
    );
    expect(text).toMatch(/^ledger_process_info\{role="all",store="(sqlite|esdb)"\} 1$/m);
  });

  it('exports every metric the Grafana dashboard (docker/grafana) queries', () => {
    const exported = exportedNames(text);
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(0);
    const unknown = queries.flatMap((expr) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${name} in ${expr}`),
    );
    expect(unknown).toEqual([]);
  });
});
