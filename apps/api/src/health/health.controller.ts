import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { LEDGER_CONFIG, type LedgerConfig, type StoreKind } from '@lib/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { ApiProblemResponses, Public } from '../http';
import { ProblemException } from '../http/problem/problem.exception';

export class HealthResponse {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';
  @ApiProperty({ enum: ['sqlite', 'esdb'] })
  readonly store!: StoreKind;
}

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

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
    return { status: 'ok', store: this.config.store };
  }
}
