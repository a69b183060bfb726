import { Module } from '@nestjs/common';
import { HealthController } from './health/health.controller';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';

/** `GET /health` and `GET /metrics`: served by every process, whatever its role. */
@Module({
  controllers: [HealthController, MetricsController],
  providers: [HttpMetrics],
  exports: [HttpMetrics],
})
export class OperationsModule {}
