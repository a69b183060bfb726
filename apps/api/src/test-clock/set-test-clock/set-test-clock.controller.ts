import { Body, Controller, HttpCode, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, Roles, commandMetaOf } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { TestClockMovedView } from '../shared/test-clock.representation';
import { SetTestClockCommand } from './set-test-clock.command';
import { SetTestClockDto } from './set-test-clock.dto';

@ApiTags('test clock')
@Controller('v1/test-clock')
export class SetTestClockController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Move the test clock (only with LEDGER_TEST_CLOCK=true)',
    description:
      'Like Stripe test clocks: sets the clock of every process of the service (they follow the ' +
      '`test-clock` stream), forward only, then runs in this process whatever became ' +
      'due (bank transfers past their deadline expire, then every day that ended is settled) ' +
      'before answering. The clock then stands still until it is moved again. Without LEDGER_TEST_CLOCK=true this route does not exist.',
  })
  @ApiOkResponse({ type: TestClockMovedView })
  @ApiProblemResponses(400, 422, {
    status: 409,
    codes: ['CLOCK_MOVES_FORWARD_ONLY'],
    description: 'The new instant is before the current one',
  })
  set(@Body() body: SetTestClockDto, @Req() request: FastifyRequest): Promise<TestClockMovedView> {
    return this.commands.execute(new SetTestClockCommand(body.now, commandMetaOf(request)));
  }
}
