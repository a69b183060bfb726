import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, Roles } from '../../http';
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
      'Like Stripe test clocks: sets the service’s clock, forward only, then runs whatever became ' +
      'due (bank transfers past their deadline expire, then every day that ended is settled) ' +
      'before answering. The clock then stands still until it is moved again. Without LEDGER_TEST_CLOCK=true this route does not exist.',
  })
  @ApiOkResponse({ type: TestClockMovedView })
  @ApiProblemResponses(400, 422, {
    status: 409,
    codes: ['CLOCK_MOVES_FORWARD_ONLY'],
    description: 'The new instant is before the current one',
  })
  set(@Body() body: SetTestClockDto): Promise<TestClockMovedView> {
    return this.commands.execute(new SetTestClockCommand(body.now));
  }
}
