import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { ManualScheduler } from '@lib/common';
import {
  ATTR_PAYMENT_ID,
  ATTR_PG_CODE,
  ATTR_PG_OPERATION,
  ATTR_PG_OUTCOME,
  startTracing,
  type StopTracing,
} from '@lib/observability';
import { PG_NO_ANSWER } from './pg-tracing';
import { SandboxPg } from './sandbox/sandbox-pg';

const cancelOf = (pgTransactionId: string) => ({
  cancellationId: `key-${pgTransactionId}`,
  paymentId: 'p-1',
  pgTransactionId,
  amountKrw: 1000,
});

describe('PG calls, traced: pg.<operation> with its outcome', () => {
  let exporter: InMemorySpanExporter;
  let stopTracing: StopTracing;
  let pg: SandboxPg;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    stopTracing = startTracing({}, { exporter });
    pg = new SandboxPg({
      file: ':memory:',
      scheduler: new ManualScheduler(),
      slowMs: 3_000,
      now: () => '2026-12-01T10:00:00.000+09:00',
    });
  });
  afterEach(async () => {
    pg.close();
    await stopTracing();
  });

  const only = () => {
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    return spans[0]!;
  };

  it('given a cancellation the PG refuses, records the refusal and its code', async () => {
    await pg.cancel(cancelOf('sandbox-cancel-refused-1'));

    const span = only();
    expect(span.name).toBe('pg.cancel');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      [ATTR_PG_OPERATION]: 'cancel',
      [ATTR_PAYMENT_ID]: 'p-1',
      [ATTR_PG_OUTCOME]: 'REFUSED',
      [ATTR_PG_CODE]: 'C001',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('given a cancellation the PG never answers, records no answer and marks the call failed', async () => {
    await expect(pg.cancel(cancelOf('sandbox-cancel-timeout-1'))).rejects.toThrow();

    const span = only();
    expect(span.attributes[ATTR_PG_OUTCOME]).toBe(PG_NO_ANSWER);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('given a question about an unknown key and a void, records what the PG said', async () => {
    await pg.cancellationStatus('key-unknown');
    await pg.voidApproval({ pgTransactionId: 'pg-9', paymentId: 'p-9', amountKrw: 1000 });

    expect(
      exporter.getFinishedSpans().map((span) => [span.name, span.attributes[ATTR_PG_OUTCOME]]),
    ).toEqual([
      ['pg.cancellation_status', 'NO_RECORD'],
      ['pg.void', 'VOIDED'],
    ]);
  });
});
