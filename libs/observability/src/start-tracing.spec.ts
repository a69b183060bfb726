import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { inSpan } from './in-span';
import { ATTR_CORRELATION_ID, ATTR_LEDGER_ROLE } from './span-attributes';
import { DEFAULT_SERVICE_NAME, startTracing, tracesUrlOf } from './start-tracing';

describe('tracing: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  it('given no endpoint, registers nothing: spans are the no-op ones and record nothing', async () => {
    const stop = startTracing({ LEDGER_ROLE: 'api' });

    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
    // No context manager either: a value set in a context is gone inside `with`.
    const seen = await inSpan('work', {}, (inner) => {
      expect(inner.isRecording()).toBe(false);
      return trace.getActiveSpan();
    });
    expect(seen).toBeUndefined();
    await stop();
  });

  it('given an empty endpoint or OTEL_SDK_DISABLED=true, registers nothing', async () => {
    for (const env of [
      { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318', OTEL_SDK_DISABLED: 'true' },
    ]) {
      const stop = startTracing(env);
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
      await stop();
    }
  });

  it('builds the traces URL as the OTLP specification says', () => {
    expect(tracesUrlOf({}, 'http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(
      tracesUrlOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/t' }, 'http://c:4318'),
    ).toBe('http://other:4318/t');
  });
});

describe('tracing: on, with an exporter', () => {
  // A stopped provider stops its exporter too: one of each per test.
  let exporter: InMemorySpanExporter;
  let stop: () => Promise<void>;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    stop = startTracing(
      { OTEL_SERVICE_NAME: 'ledger-under-test', LEDGER_ROLE: 'worker' },
      { exporter },
    );
  });
  afterEach(() => stop());

  it('names the service and the role on every span, and stops by flushing and unregistering', async () => {
    await inSpan('work', {}, () => undefined);

    const [span] = exporter.getFinishedSpans();
    expect(span?.resource.attributes).toMatchObject({
      'service.name': 'ledger-under-test',
      [ATTR_LEDGER_ROLE]: 'worker',
    });
    await stop();
    expect(trace.getTracer('probe').startSpan('after').isRecording()).toBe(false);
  });

  it('nests a span under the active one, which carries its correlation id down', async () => {
    await inSpan('outer', { [ATTR_CORRELATION_ID]: 'corr-1' }, () =>
      inSpan('inner', { 'ledger.other': 'x', 'ledger.absent': undefined }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
      }),
    );

    const spans = exporter.getFinishedSpans();
    const outer = spans.find((span) => span.name === 'outer')!;
    const inner = spans.find((span) => span.name === 'inner')!;
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.attributes).toEqual({ [ATTR_CORRELATION_ID]: 'corr-1', 'ledger.other': 'x' });
  });

  it('starts a trace of its own for root work, even inside another span', async () => {
    await inSpan('request', {}, () => inSpan('reactor', {}, () => undefined, { root: true }));

    const spans = exporter.getFinishedSpans();
    const reactor = spans.find((span) => span.name === 'reactor')!;
    const request = spans.find((span) => span.name === 'request')!;
    expect(reactor.parentSpanContext).toBeUndefined();
    expect(reactor.spanContext().traceId).not.toBe(request.spanContext().traceId);
  });

  it('records a thrown error on the span, marks it failed, and throws it on', async () => {
    const failing = inSpan('pg.cancel', {}, () => Promise.reject(new Error('no answer')), {
      kind: SpanKind.CLIENT,
    });

    await expect(failing).rejects.toThrow('no answer');
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no answer' });
    expect(span?.events[0]?.attributes).toMatchObject({ 'exception.message': 'no answer' });
  });

  it('records only the name of an error that may name a secret', async () => {
    const failing = inSpan(
      'append',
      {},
      () => Promise.reject(new TypeError('stream guest-lookup-secret')),
      { redactErrors: true },
    );

    await expect(failing).rejects.toThrow(TypeError);
    const [span] = exporter.getFinishedSpans();
    expect(JSON.stringify([span?.status, span?.events])).not.toContain('secret');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('leaves the context as it was once the span ends', async () => {
    await inSpan('work', {}, () => undefined);
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});

it('uses the default service name and role when OTEL_SERVICE_NAME and LEDGER_ROLE are unset', async () => {
  const exporter = new InMemorySpanExporter();
  const stop = startTracing({}, { exporter });
  try {
    await inSpan('work', {}, () => undefined);

    expect(exporter.getFinishedSpans()[0]?.resource.attributes).toMatchObject({
      'service.name': DEFAULT_SERVICE_NAME,
      [ATTR_LEDGER_ROLE]: 'all',
    });
  } finally {
    await stop();
  }
});

describe('tracing: on, over OTLP/HTTP', () => {
  // What reaches the collector is not checked here: the OTLP exporter loads its HTTP transport with
  // a dynamic import(), which Jest's module sandbox refuses. Run outside Jest, the same start sends
  // one `POST <endpoint>/v1/traces` (application/json) when stopped.
  it('given an endpoint, registers a recording provider; stopping never throws and unregisters it', async () => {
    const warnings: string[] = [];
    const stop = startTracing(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9/' },
      { warn: (line) => warnings.push(line) },
    );

    const recording = await inSpan('work', {}, (span) => span.isRecording());
    await expect(stop()).resolves.toBeUndefined();

    expect(recording).toBe(true);
    expect(trace.getTracer('probe').startSpan('after').isRecording()).toBe(false);
    expect(
      warnings.every((line) => line.startsWith('Tracing: the last spans were not exported')),
    ).toBe(true);
  });
});
