import {
  ATTR_PAYMENT_ID,
  ATTR_PG_CODE,
  ATTR_PG_OPERATION,
  ATTR_PG_OUTCOME,
  SpanKind,
  inSpan,
} from '@lib/observability';
import type { CancelAnswer, CancellationStatus, VoidAnswer } from './payment-gateway.port';

/** The calls the ledger makes to a PG (approvals and declines come to it over HTTP instead). */
export type PgOperation = 'cancel' | 'cancellation_status' | 'void';

/** What a span records of a PG answer: its outcome and, for a refusal, the PG's code. */
interface PgAnswerSummary {
  readonly outcome: string;
  readonly pgCode?: string;
}

/** The outcome recorded when the call fails or times out: only the PG knows what it did. */
export const PG_NO_ANSWER = 'NO_ANSWER';

/**
 * `pg.<operation>`: one call to the PG, a client span with its outcome (`pg.outcome`) and, when
 * the PG refused, its code (`pg.code`). Every adapter of the PaymentGateway port calls the PG
 * through this, so the trace of a request shows the PG's share of it.
 */
export function tracePgCall<T extends CancelAnswer | CancellationStatus | VoidAnswer>(
  operation: PgOperation,
  paymentId: string | undefined,
  call: () => Promise<T>,
): Promise<T> {
  return inSpan(
    `pg.${operation}`,
    { [ATTR_PG_OPERATION]: operation, [ATTR_PAYMENT_ID]: paymentId },
    async (span) => {
      try {
        const answer = await call();
        const summary = summaryOf(answer);
        span.setAttributes({
          [ATTR_PG_OUTCOME]: summary.outcome,
          ...(summary.pgCode === undefined ? {} : { [ATTR_PG_CODE]: summary.pgCode }),
        });
        return answer;
      } catch (error) {
        span.setAttribute(ATTR_PG_OUTCOME, PG_NO_ANSWER);
        throw error;
      }
    },
    { kind: SpanKind.CLIENT },
  );
}

function summaryOf(answer: CancelAnswer | CancellationStatus | VoidAnswer): PgAnswerSummary {
  const outcome = 'outcome' in answer ? answer.outcome : answer.status;
  return 'pgCode' in answer ? { outcome, pgCode: answer.pgCode } : { outcome };
}
