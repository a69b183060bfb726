import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { ATTR_LEDGER_ROLE } from './span-attributes';

export const DEFAULT_SERVICE_NAME = 'judgment-fee-ledger';
/** How long stopping may wait for the last spans to reach the collector before it gives up. */
export const TRACING_FLUSH_TIMEOUT_MS = 5_000;

/** Flushes the spans still buffered and unregisters the provider; never rejects. */
export type StopTracing = () => Promise<void>;

export interface TracingOptions {
  /**
   * Tests: export every span, as it ends, to this exporter (e.g. an InMemorySpanExporter) instead
   * of over OTLP/HTTP, whether or not OTEL_EXPORTER_OTLP_ENDPOINT is set.
   */
  readonly exporter?: SpanExporter;
  /** Where stopping reports a failed flush (default: console.error). */
  readonly warn?: (line: string) => void;
}

/**
 * Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: then a tracer provider is registered
 * for the process (AsyncLocalStorage context, W3C trace-context propagation) that batches spans to
 * the collector over OTLP/HTTP (`<endpoint>/v1/traces`, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
 * as service OTEL_SERVICE_NAME (default judgment-fee-ledger) with the process's LEDGER_ROLE.
 * Otherwise nothing is registered: every span the ledger makes is the API's no-op span.
 * Call it before the application is built, and the returned function before the process exits.
 */
export function startTracing(env: NodeJS.ProcessEnv, options: TracingOptions = {}): StopTracing {
  const endpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  if (options.exporter === undefined && (endpoint === undefined || disabled)) {
    return () => Promise.resolve();
  }
  const processor: SpanProcessor =
    options.exporter === undefined
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrlOf(env, endpoint!) }))
      : new SimpleSpanProcessor(options.exporter);
  const provider = new NodeTracerProvider({
    // The SDK's own (telemetry.sdk.*), then ours.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: nonEmpty(env.OTEL_SERVICE_NAME) ?? DEFAULT_SERVICE_NAME,
        [ATTR_LEDGER_ROLE]: nonEmpty(env.LEDGER_ROLE) ?? 'all',
      }),
    ),
    spanProcessors: [processor],
  });
  provider.register();
  const warn = options.warn ?? ((line: string) => console.error(line));
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= withTimeout(provider.shutdown(), TRACING_FLUSH_TIMEOUT_MS)
      .catch((error: unknown) => {
        warn(`Tracing: the last spans were not exported: ${describe(error)}`);
      })
      .finally(() => {
        trace.disable();
        context.disable();
        propagation.disable();
      });
    return stopping;
  };
}

/** The traces URL as the OTLP exporter specification builds it from the environment. */
export function tracesUrlOf(env: NodeJS.ProcessEnv, endpoint: string): string {
  return (
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ?? `${endpoint.replace(/\/+$/, '')}/v1/traces`
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
