import { Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { CommandMeta } from '@lib/commands';
import type { Clock, LedgerConfig } from '@lib/common';
import {
  ATTR_CORRELATION_ID,
  ATTR_RECONCILED_CANCELLATIONS,
  ATTR_RECONCILED_VOIDS,
  inSpan,
  startTracing,
  type StopTracing,
} from '@lib/observability';
import type { ApprovalVoids, CancellationReconciler } from '@lib/payments';
import { ReconcilerScheduler } from './reconciler.scheduler';

/** A clock that moves by itself, as in production (not a ManualClock): the schedule is on. */
const movingClock: Clock = { now: () => DateTime.fromISO('2026-12-01T10:00:00+09:00') };
const config = { reconcileIntervalMs: 60_000 } as LedgerConfig;

describe('R21/R22 the reconcilers, traced', () => {
  let exporter: InMemorySpanExporter;
  let stopTracing: StopTracing;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    exporter = new InMemorySpanExporter();
    stopTracing = startTracing({}, { exporter });
  });
  afterEach(async () => {
    await stopTracing();
    jest.restoreAllMocks();
  });

  it('given a run that settles a cancellation with the PG, then the run is a trace of its own, with what it settled and its PG call under it', async () => {
    const seen: CommandMeta[] = [];
    const cancellations = {
      reconcileDue: (meta: CommandMeta) => {
        seen.push(meta);
        return inSpan('pg.cancellation_status', {}, () => [{ paymentId: 'p-1' }]);
      },
    } as unknown as CancellationReconciler;
    const voids = { reconcileDue: () => Promise.resolve([]) } as unknown as ApprovalVoids;
    const scheduler = new ReconcilerScheduler(movingClock, config, cancellations, voids);

    // When the schedule starts (it runs once at once) and stops after that run
    await inSpan('some request', {}, () => scheduler.onApplicationBootstrap());
    await scheduler.onModuleDestroy();

    // Then
    const spans = exporter.getFinishedSpans();
    const run = spans.find((span) => span.name === 'reconciler run');
    const call = spans.find((span) => span.name === 'pg.cancellation_status');
    expect(run?.parentSpanContext).toBeUndefined();
    expect(run?.attributes).toEqual({
      [ATTR_CORRELATION_ID]: seen[0]?.correlationId,
      [ATTR_RECONCILED_CANCELLATIONS]: 1,
      [ATTR_RECONCILED_VOIDS]: 0,
    });
    expect(call?.parentSpanContext?.spanId).toBe(run?.spanContext().spanId);
    expect(call?.attributes[ATTR_CORRELATION_ID]).toBe(seen[0]?.correlationId);
  });
});
