import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, Roles } from '../../http';
import { SettlementDateParam } from '../../settlements/shared/settlement-date.param';
import { SealedDigestView } from './sealed-digest.representation';
import { GetDigestQuery } from './get-digest.query';

@ApiTags('audit')
@Controller('v1/audit/digests')
export class GetDigestController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':date')
  @Roles('auditor')
  @ApiOperation({
    summary: "A closed KST day's sealed digest",
    description:
      'The seal the day\u2019s close recorded (DESIGN.md §5): a Merkle root over the hashes of ' +
      'the events in the log positions (previousCut, cut], with their count and first and last ' +
      'position; the same document the close wrote to `settlements/<date>.digest` for operators ' +
      'to copy off the machine. Check it with `ledger verify --digests` (docs/audit.md). 404 ' +
      'SETTLEMENT_NOT_FOUND until the day is closed; 404 DIGEST_NOT_AVAILABLE for a day closed ' +
      'before closes sealed the log.',
  })
  @ApiOkResponse({ type: SealedDigestView })
  @ApiProblemResponses(400, {
    status: 404,
    codes: ['SETTLEMENT_NOT_FOUND', 'DIGEST_NOT_AVAILABLE'],
  })
  get(@SettlementDateParam() date: string): Promise<SealedDigestView> {
    return this.queries.execute(new GetDigestQuery(date));
  }
}
