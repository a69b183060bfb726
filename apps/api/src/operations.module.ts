import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadModelsModule } from '@lib/projections';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness.service';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ReadModelGauges } from './metrics/read-model-gauges';

/** `GET /health…` and `GET /metrics`: served by every process, whatever its role. */
@Module({
  // A failed check is answered (and logged) as a problem by the exception filter, not by Terminus.
  imports: [TerminusModule.forRoot({ logger: false }), ReadModelsModule],
  controllers: [HealthController, MetricsController],
  providers: [HttpMetrics, Readiness, ReadModelGauges],
  exports: [HttpMetrics],
})
export class OperationsModule {}
