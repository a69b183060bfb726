/**
 * libs/observability: the pino logger of every process (`createLedgerLogger`, and Nest's logger
 * over it), OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (`startTracing`), and the one helper every instrumentation point uses (`inSpan`), with the
 * ledger's span attributes.
 */
export * from './in-span';
export * from './logger';
export * from './span-attributes';
export * from './start-tracing';
export { SpanKind, type Span } from '@opentelemetry/api';
