import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import { isoInstant } from '@lib/ledger';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@lib/common';
import { ApiProblemResponses, Public } from '../http';
import { NOT_READY_CODES } from './health.problems';
import { Readiness } from './readiness.service';
import { HealthResponse, LiveResponse, ReadinessResponse } from './readiness.representation';

const NOT_READY = {
  status: 503,
  codes: NOT_READY_CODES,
  description:
    'Not ready: the first failed check names the code (store, projections, disk); `detail` says ' +
    'what each failed check found',
};

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness only: the process answers (no I/O; for probes and as a benchmark baseline)',
  })
  @ApiOkResponse({ type: LiveResponse })
  live(): LiveResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: the event store answers, the read models are within ' +
      'LEDGER_READY_MAX_PROJECTION_LAG events of the log, the data folder has ' +
      'LEDGER_READY_MIN_FREE_DISK_MB free (503 while the process stops)',
  })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiProblemResponses(NOT_READY)
  ready(): Promise<HealthCheckResult> {
    return this.readiness.check();
  }

  @Get()
  @ApiOperation({
    summary: 'Readiness, as /health/ready, answered with what the process is (store, role)',
  })
  @ApiOkResponse({ type: HealthResponse })
  @ApiProblemResponses(NOT_READY)
  async health(): Promise<HealthResponse> {
    await this.readiness.check();
    const { store, role, testClock } = this.config;
    return {
      status: 'ok',
      store,
      role,
      ...(testClock ? { testClock: isoInstant(this.clock.now()) } : {}),
    };
  }
}
