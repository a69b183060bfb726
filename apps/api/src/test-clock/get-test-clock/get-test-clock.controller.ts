import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TestClockStream } from '@lib/infrastructure';
import { isoInstant } from '@lib/ledger';
import { Roles } from '../../http';
import { TestClockView } from '../shared/test-clock.representation';

/** Reading the clock is one line; no query bus needed. */
@ApiTags('test clock')
@Controller('v1/test-clock')
export class GetTestClockController {
  constructor(private readonly clock: TestClockStream) {}

  @Get()
  @Roles('client', 'gateway', 'support', 'auditor', 'admin')
  @ApiOperation({ summary: 'Where the test clock stands (only with LEDGER_TEST_CLOCK=true)' })
  @ApiOkResponse({ type: TestClockView })
  get(): TestClockView {
    return { now: isoInstant(this.clock.now()) };
  }
}
