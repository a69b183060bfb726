import {
  SpanKind,
  SpanStatusCode,
  context,
  createContextKey,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { ATTR_CORRELATION_ID } from './span-attributes';

/** The instrumentation scope of every span the ledger makes. */
export const TRACER_NAME = 'ledger';

/**
 * The correlation id of the work in progress, carried in the context beside the span: a span that
 * is not given one (a PG call, an append) takes it from the work it runs in.
 */
const CORRELATION_ID = createContextKey('ledger.correlation_id');

/** Attribute values to set; an undefined one is left out. */
export type SpanAttributeInput = Readonly<Record<string, AttributeValue | undefined>>;

export interface SpanOptions {
  readonly kind?: SpanKind;
  /** A trace of its own (work the process gives itself: a reactor's event, a reconciler's run). */
  readonly root?: boolean;
  /** The parent (default: the active context). */
  readonly parent?: Context;
  /**
   * Record only the error's name, not its message: for work whose errors may name a secret
   * (a guest look-up stream is named by its phone key).
   */
  readonly redactErrors?: boolean;
}

/**
 * Starts a span the caller ends (a request's, which outlives any one function), and the context
 * to run its work in. Without a registered tracer provider the span is the API's no-op one.
 */
export function openSpan(
  name: string,
  attributes: SpanAttributeInput,
  options: SpanOptions = {},
): { readonly span: Span; readonly context: Context } {
  const parent = options.parent ?? context.active();
  const inherited = parent.getValue(CORRELATION_ID);
  const correlationId = attributes[ATTR_CORRELATION_ID] ?? inherited;
  const span = trace.getTracer(TRACER_NAME).startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      root: options.root ?? false,
      attributes: definedOf({
        ...attributes,
        [ATTR_CORRELATION_ID]: correlationIdValue(correlationId),
      }),
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return {
    span,
    context:
      typeof correlationId === 'string' ? active.setValue(CORRELATION_ID, correlationId) : active,
  };
}

/**
 * Runs `fn` in a new span, active while it runs (so the spans of what it awaits nest under it),
 * and ends the span when it settles. A thrown error is recorded on the span, which is marked as
 * failed, and thrown on.
 */
export async function inSpan<T>(
  name: string,
  attributes: SpanAttributeInput,
  fn: (span: Span) => Promise<T> | T,
  options: SpanOptions = {},
): Promise<T> {
  const opened = openSpan(name, attributes, options);
  try {
    return await context.with(opened.context, () => fn(opened.span));
  } catch (error) {
    recordFailure(opened.span, error, options.redactErrors ?? false);
    throw error;
  } finally {
    opened.span.end();
  }
}

/** Marks the span failed with the error (its name only when `redact`). */
export function recordFailure(span: Span, error: unknown, redact = false): void {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (redact || !(error instanceof Error)) {
    span.recordException({ name, message: redact ? name : message });
  } else {
    span.recordException(error);
  }
  span.setStatus({ code: SpanStatusCode.ERROR, message: redact ? name : message });
}

function correlationIdValue(value: unknown): AttributeValue | undefined {
  return typeof value === 'string' ? value : undefined;
}

function definedOf(attributes: SpanAttributeInput): Attributes {
  const defined: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) defined[key] = value;
  }
  return defined;
}
