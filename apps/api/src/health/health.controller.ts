import { Controller, Get, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { isoInstant } from '@lib/ledger';
import {
  CLOCK,
  LEDGER_CONFIG,
  LEDGER_ROLES,
  type Clock,
  type LedgerConfig,
  type LedgerRole,
  type StoreKind,
} from '@lib/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { ApiProblemResponses, Public } from '../http';
import { ProblemException } from '../http/problem/problem.exception';

export class HealthResponse {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';
  @ApiProperty({ enum: ['sqlite', 'esdb'] })
  readonly store!: StoreKind;
  @ApiProperty({ enum: LEDGER_ROLES, description: 'What this process does (LEDGER_ROLE)' })
  readonly role!: LedgerRole;
  @ApiPropertyOptional({
    example: '2026-12-02T00:05:00.000+09:00',
    description: 'Only with LEDGER_TEST_CLOCK=true: where this process’s test clock stands',
  })
  readonly testClock?: string;
}

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness only: the process answers (no I/O; for probes and as a benchmark baseline)',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { example: 'ok' } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness: the service is up and its event store answers',
  })
  @ApiOkResponse({ type: HealthResponse })
  @ApiProblemResponses({ status: 503, codes: ['STORE_UNAVAILABLE'] })
  async health(): Promise<HealthResponse> {
    try {
      await this.store.readStream('health-probe', { maxCount: 1 });
    } catch (error) {
      throw new ProblemException(
        503,
        {
          code: 'STORE_UNAVAILABLE',
          title: 'Event store unavailable',
          message: '일시적으로 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주세요.',
        },
        { cause: error },
      );
    }
    const { store, role, testClock } = this.config;
    return {
      status: 'ok',
      store,
      role,
      ...(testClock ? { testClock: isoInstant(this.clock.now()) } : {}),
    };
  }
}
