import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ example: 'ok' })
  readonly status!: 'ok';
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOkResponse({
    type: HealthResponse,
    description: 'The service is up and its event store answers.',
  })
  health(): HealthResponse {
    return { status: 'ok' };
  }
}
