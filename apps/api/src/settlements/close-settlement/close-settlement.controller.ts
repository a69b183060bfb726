import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { NoBody } from '../../payments/shared/no-body';
import { SettlementDateParam } from '../shared/settlement-date.param';
import { SettlementView } from '../shared/settlement.representation';
import { CloseSettlementCommand } from './close-settlement.command';

@ApiTags('settlements')
@Controller('v1/settlements')
export class CloseSettlementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':date/close')
  @HttpCode(200)
  @Roles('admin')
  @Idempotent()
  @ApiOperation({
    summary: 'Close a KST day now (정산 마감)',
    description:
      'R18, R19: closes a day that has ended (from 00:00 KST of the next day) and answers its ' +
      'report; closing a closed day changes nothing and answers the same report. After the close ' +
      "none of the day's payments can be cancelled (SETTLED). Also writes " +
      '`settlements/<date>.json`, `.csv` and `.xlsx` under the data folder. The settlement job closes ' +
      'every ended day by itself; this route is for operators.',
  })
  @ApiOkResponse({ type: SettlementView })
  @ApiProblemResponses(
    400,
    422,
    { status: 409, codes: ['DAY_NOT_ENDED'], description: 'The day is not over yet' },
    {
      status: 503,
      codes: ['CANCELLATIONS_PENDING'],
      description: 'Cancellations of the day are still at the PG; retry after `retryAfter`',
    },
  )
  close(
    @SettlementDateParam() date: string,
    @Req() request: FastifyRequest,
    @NoBody() _body: undefined,
  ): Promise<SettlementView> {
    return this.commands.execute(new CloseSettlementCommand(date, commandMetaOf(request)));
  }
}
