import { Logger } from '@nestjs/common';
import {
  ATTR_CORRELATION_ID,
  ATTR_PAYMENT_ID,
  ATTR_STREAM_ID,
  ATTR_STREAM_KIND,
  inSpan,
  type Span,
  type SpanAttributeInput,
} from '@lib/observability';
import {
  GUEST_LOOKUP_STREAM_PREFIX,
  PAYER_STREAM_PREFIX,
  REPAYMENT_STREAM_PREFIX,
  SETTLEMENT_STREAM_PREFIX,
  TEST_CLOCK_STREAM,
  paymentIdOfStream,
  PAYMENT_STREAM_PREFIX,
} from '@lib/ledger';

/** The kinds of stream a command writes to: the span's name says which, never the id. */
const STREAM_KINDS: readonly (readonly [prefix: string, kind: string])[] = [
  [PAYMENT_STREAM_PREFIX, 'payment'],
  [PAYER_STREAM_PREFIX, 'payer'],
  [REPAYMENT_STREAM_PREFIX, 'repayment'],
  [SETTLEMENT_STREAM_PREFIX, 'settlement'],
  [GUEST_LOOKUP_STREAM_PREFIX, 'guest-lookup'],
];

/** `payment`, `settlement`, `guest-lookup`...: the aggregate a stream belongs to. */
export function streamKindOf(streamId: string): string {
  if (streamId === TEST_CLOCK_STREAM) return 'test-clock';
  return STREAM_KINDS.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? 'other';
}

/**
 * A guest look-up stream is named by the guest's phone key, which is kept from every export as a
 * digest (R25): its id, and the errors that name it, stay out of traces.
 */
function secretStream(streamId: string): boolean {
  return streamId.startsWith(GUEST_LOOKUP_STREAM_PREFIX);
}

function streamAttributes(streamId: string): SpanAttributeInput {
  return {
    [ATTR_STREAM_KIND]: streamKindOf(streamId),
    [ATTR_STREAM_ID]: secretStream(streamId) ? undefined : streamId,
    [ATTR_PAYMENT_ID]: paymentIdOfStream(streamId) ?? undefined,
  };
}

/** `command <stream kind>`: one command, load to append, with its retries. */
export function inCommandSpan<T>(
  streamId: string,
  correlationId: string | undefined,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(
    `command ${streamKindOf(streamId)}`,
    { ...streamAttributes(streamId), [ATTR_CORRELATION_ID]: correlationId },
    fn,
    { redactErrors: secretStream(streamId) },
  );
}

/** `append`: one append of decided events to a stream at an expected revision. */
export function inAppendSpan<T>(
  streamId: string,
  attributes: SpanAttributeInput,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan('append', { ...streamAttributes(streamId), ...attributes }, fn, {
    redactErrors: secretStream(streamId),
  });
}

const domainLog = new Logger('Command');

/**
 * One log line per command the ledger decided (issue 14): the aggregate's kind, the payment id when
 * it is a payment's stream, the events appended, the refusal's code, whether it was a replay, and
 * the correlation id. Never a stream id that names a guest (R25) nor any event's data.
 */
export function logDomainAction(
  streamId: string,
  correlationId: string | undefined,
  outcome: {
    readonly events: readonly { readonly type: string }[];
    readonly refusal: string | undefined;
    readonly replayed: boolean;
  },
): void {
  const kind = streamKindOf(streamId);
  const appended = outcome.replayed ? [] : outcome.events.map((event) => event.type);
  domainLog.log({
    msg: `${kind}: ${
      outcome.replayed
        ? 'replayed'
        : outcome.refusal !== undefined
          ? `refused ${outcome.refusal}`
          : appended.length > 0
            ? appended.join(', ')
            : 'nothing to record'
    }`,
    kind,
    paymentId: paymentIdOfStream(streamId) ?? undefined,
    stream: secretStream(streamId) ? undefined : streamId,
    events: appended,
    refusal: outcome.refusal,
    replayed: outcome.replayed,
    correlationId,
  });
}
