/**
 * Issue 14, item 4: tracing with OpenTelemetry. The same registration as `npm start` with
 * OTEL_EXPORTER_OTLP_ENDPOINT set (startTracing), with an in-memory exporter in place of OTLP/HTTP,
 * and the real app in this process: a payment's life, then the spans its requests left. A request
 * is one trace, HTTP → command → append, and PG call; the follow-up reactor's work is a trace of its
 * own with the correlation id of the request it follows; no span holds a guest's phone number,
 * password or phone key, nor an API key (R25).
 */
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import { GuestCredentials } from '@lib/payments';
import {
  ATTR_CORRELATION_ID,
  ATTR_EVENT_COUNT,
  ATTR_EVENT_TYPE,
  ATTR_PAYMENT_ID,
  ATTR_PG_OUTCOME,
  ATTR_STREAM_ID,
  ATTR_STREAM_KIND,
  startTracing,
  type StopTracing,
} from '@lib/observability';
import { PaymentFollowUpReactor } from '../apps/worker/src/follow-ups/payment-follow-up.reactor';
import {
  DEV_KEYS,
  approval,
  cardPaymentBody,
  guestCardPaymentBody,
  newMemberId,
  requestPayment,
  startTestApp,
  type PaymentBody,
  type TestApp,
} from './support/test-app';

const PHONE = '010-4827-1936';
const PASSWORD = 'Tracing-Secret-7731';
const WRONG_PASSWORD = 'Tracing-Wrong-4410';

describe('tracing off: OTEL_EXPORTER_OTLP_ENDPOINT unset', () => {
  it('given no endpoint, startTracing registers nothing and the app serves as before', async () => {
    const stop = startTracing({ NODE_ENV: 'test' });
    const t = await startTestApp();
    try {
      await requestPayment(t, cardPaymentBody(1, newMemberId()));

      const probe = trace.getTracer('probe').startSpan('probe');
      expect(probe.isRecording()).toBe(false);
      probe.end();
    } finally {
      await t.close();
      await stop();
    }
  });
});

describe('tracing on: HTTP → command → append → PG → reactor', () => {
  let exporter: InMemorySpanExporter;
  let stopTracing: StopTracing;
  let t: TestApp;

  beforeAll(async () => {
    exporter = new InMemorySpanExporter();
    stopTracing = startTracing({ NODE_ENV: 'test', LEDGER_ROLE: 'all' }, { exporter });
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await stopTracing?.();
  });

  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const idOf = (span: ReadableSpan) => span.spanContext().spanId;
  const parentOf = (span: ReadableSpan) =>
    spans().find((other) => idOf(other) === span.parentSpanContext?.spanId);
  const childrenOf = (parent: ReadableSpan, name?: string) =>
    spans().filter(
      (span) =>
        span.parentSpanContext?.spanId === idOf(parent) &&
        (name === undefined || span.name === name),
    );
  const traceOf = (root: ReadableSpan) =>
    spans().filter((span) => span.spanContext().traceId === root.spanContext().traceId);
  /** The server span of the one request with this correlation id. */
  const httpSpan = (correlationId: string): ReadableSpan => {
    const found = spans().filter(
      (span) =>
        span.kind === SpanKind.SERVER && span.attributes[ATTR_CORRELATION_ID] === correlationId,
    );
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  /** Every span of the request's trace carries the request's correlation id. */
  const expectOneCorrelation = (request: ReadableSpan, correlationId: string) => {
    const correlations = traceOf(request).map((span) => [
      span.name,
      span.attributes[ATTR_CORRELATION_ID],
    ]);
    expect(correlations.length).toBeGreaterThan(1);
    expect(correlations).toEqual(correlations.map(([name]) => [name, correlationId]));
  };

  describe('given a member card payment requested, completed and cancelled (sandbox PG)', () => {
    let payment: PaymentBody;

    beforeAll(async () => {
      const requested = await t
        .post('client', '/v1/payments', cardPaymentBody(2, newMemberId()))
        .set('X-Correlation-Id', 'trace-request-1')
        .expect(201);
      payment = requested.body as PaymentBody;
      await t
        .post('gateway', `/v1/payments/${payment.paymentId}/complete`, approval(2000))
        .set('X-Correlation-Id', 'trace-complete-1')
        .expect(200);
      // No X-Correlation-Id: the request id is the correlation id.
      await t.post('client', `/v1/payments/${payment.paymentId}/cancel`).expect(200);
      await t.app.get(PaymentFollowUpReactor).catchUpWithLog();
    });

    it('names each request span by its route pattern, with its status, never by its URL', () => {
      const complete = httpSpan('trace-complete-1');

      expect(complete.name).toBe('POST /v1/payments/:paymentId/complete');
      expect(complete.attributes).toMatchObject({
        [ATTR_HTTP_REQUEST_METHOD]: 'POST',
        [ATTR_HTTP_ROUTE]: '/v1/payments/:paymentId/complete',
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
        [ATTR_PAYMENT_ID]: payment.paymentId,
      });
      expect(complete.parentSpanContext).toBeUndefined();
      expect(httpSpan('trace-request-1').name).toBe('POST /v1/payments');
      for (const span of spans().filter((span) => span.kind === SpanKind.SERVER)) {
        expect(span.name).not.toContain(payment.paymentId);
      }
    });

    it('makes the HTTP span the parent of the command span, and the command span the parent of its append', () => {
      const complete = httpSpan('trace-complete-1');

      const [command] = childrenOf(complete, 'command payment');
      expect(command?.attributes).toMatchObject({
        [ATTR_STREAM_ID]: `payment-${payment.paymentId}`,
        [ATTR_PAYMENT_ID]: payment.paymentId,
      });
      const [append] = childrenOf(command!, 'append');
      expect(append?.attributes).toMatchObject({
        [ATTR_STREAM_ID]: `payment-${payment.paymentId}`,
      });
      expect(append?.attributes[ATTR_EVENT_COUNT]).toBeGreaterThanOrEqual(1);
      // The request that created the payment appended its first event the same way.
      const [create] = childrenOf(httpSpan('trace-request-1'), 'command payment');
      expect(childrenOf(create!, 'append')[0]?.attributes[ATTR_EVENT_COUNT]).toBe(1);
    });

    it('puts the PG cancel call under the cancel request, with its outcome', () => {
      const [pgCancel] = spans().filter((span) => span.name === 'pg.cancel');
      expect(pgCancel?.kind).toBe(SpanKind.CLIENT);
      expect(pgCancel?.attributes).toMatchObject({
        [ATTR_PAYMENT_ID]: payment.paymentId,
        [ATTR_PG_OUTCOME]: 'CANCELLED',
      });

      const request = parentOf(pgCancel!);
      expect(request?.name).toBe('POST /v1/payments/:paymentId/cancel');
      expect(request?.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
      // Intent before effect: the cancellation's start and its outcome are commands beside it.
      expect(childrenOf(request!, 'command payment').length).toBeGreaterThanOrEqual(2);
    });

    it('gives every span of a request its correlation id: X-Correlation-Id, or else the request id', async () => {
      expectOneCorrelation(httpSpan('trace-request-1'), 'trace-request-1');
      expectOneCorrelation(httpSpan('trace-complete-1'), 'trace-complete-1');

      const cancel = spans().find((span) => span.name === 'POST /v1/payments/:paymentId/cancel')!;
      const cancelCorrelation = cancel.attributes[ATTR_CORRELATION_ID] as string;
      expect(cancelCorrelation).toMatch(/^[0-9a-f-]{36}$/);
      expectOneCorrelation(cancel, cancelCorrelation);
      // The same id the request's events carry.
      const events = await t.store.readStream(`payment-${payment.paymentId}`);
      expect(events.at(-1)).toMatchObject({
        type: 'PaymentCancelled',
        metadata: { correlationId: cancelCorrelation },
      });
    });

    it('runs the follow-up reactor in traces of its own, with the correlation id of the request it follows', () => {
      const reactions = spans().filter((span) => span.name === 'reactor payment-follow-ups');

      const afterCompletion = reactions.find(
        (span) => span.attributes[ATTR_CORRELATION_ID] === 'trace-complete-1',
      );
      expect(afterCompletion?.attributes).toMatchObject({
        [ATTR_PAYMENT_ID]: payment.paymentId,
        [ATTR_EVENT_TYPE]: 'PaymentCompleted',
      });
      expect(afterCompletion?.parentSpanContext).toBeUndefined();
      expect(afterCompletion?.spanContext().traceId).not.toBe(
        httpSpan('trace-complete-1').spanContext().traceId,
      );
    });
  });

  it('given a guest payment and look-ups right and wrong, no span holds the phone, the password, the phone key or an API key', async () => {
    // Given a guest's card payment, approved
    const paid = await requestPayment(t, guestCardPaymentBody(PHONE, PASSWORD, 1));
    await t.post('gateway', `/v1/payments/${paid.paymentId}/complete`, approval(1000)).expect(200);

    // When the guest looks the payments up, once wrongly
    const lookup = (password: string, correlationId: string) =>
      t
        .http()
        .post('/v1/guests/payments/lookup')
        .set('Authorization', `Bearer ${DEV_KEYS.client}`)
        .set('X-Correlation-Id', correlationId)
        .send({ phone: PHONE, password });
    await lookup(PASSWORD, 'trace-lookup-right').expect(200);
    await lookup(WRONG_PASSWORD, 'trace-lookup-wrong').expect(401);

    // Then the look-ups are traced, the lock-out's stream by its kind only (it is named by the
    // phone key), and none of the secret values is in any span
    expect(httpSpan('trace-lookup-right').name).toBe('POST /v1/guests/payments/lookup');
    const wrong = httpSpan('trace-lookup-wrong');
    expect(wrong.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(401);
    const [lockout] = childrenOf(wrong, 'command guest-lookup');
    expect(lockout?.attributes).toMatchObject({ [ATTR_STREAM_KIND]: 'guest-lookup' });
    expect(lockout?.attributes).not.toHaveProperty(ATTR_STREAM_ID);
    const phoneKey = t.app.get(GuestCredentials).phoneKey(PHONE)!;
    const secrets = [
      PHONE,
      PHONE.replace(/-/g, ''),
      PASSWORD,
      WRONG_PASSWORD,
      phoneKey,
      ...Object.values(DEV_KEYS),
    ];
    const everything = JSON.stringify(
      spans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events,
        links: span.links,
        resource: span.resource.attributes,
      })),
    );
    expect(everything).toContain(paid.paymentId);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
