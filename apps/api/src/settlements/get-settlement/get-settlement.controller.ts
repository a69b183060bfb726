import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, Roles } from '../../http';
import { SettlementDateParam } from '../shared/settlement-date.param';
import { SettlementView } from '../shared/settlement.representation';
import { GetSettlementQuery } from './get-settlement.query';

@ApiTags('settlements')
@Controller('v1/settlements')
export class GetSettlementController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':date')
  @Roles('auditor', 'admin')
  @ApiOperation({
    summary: "A closed KST day's settlement report (정산)",
    description:
      'R18: `completed` counts every payment that completed that KST day, including those ' +
      'cancelled later the same day; `cancelled` those of them cancelled. 404 until the day is closed.',
  })
  @ApiOkResponse({ type: SettlementView })
  @ApiProblemResponses(400, { status: 404, codes: ['SETTLEMENT_NOT_FOUND'] })
  get(@SettlementDateParam() date: string): Promise<SettlementView> {
    return this.queries.execute(new GetSettlementQuery(date));
  }
}
