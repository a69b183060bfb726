import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, MemberIdParam, Roles } from '../../http';
import { DEFAULT_PAGE_SIZE } from '../../read-side/shared/payment-list.dto';
import {
  ReadYourWrites,
  STALE_READ_RESPONSE_HEADERS,
} from '../../read-side/shared/read-your-writes.interceptor';
import { MemberPaymentsAsOfQueryDto } from './member-payments-as-of.dto';
import { MemberPaymentsAsOfView } from './member-payments-as-of.representation';
import { MemberPaymentsAsOfQuery } from './member-payments-as-of.query';

@ApiTags('audit')
@Controller('v1/audit/members')
export class MemberPaymentsAsOfController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':memberId/payments')
  @Roles('auditor')
  @ReadYourWrites()
  @ApiOperation({
    summary: "A member's payment list (R14) as it stood at an instant",
    description:
      'The list `GET /v1/members/{memberId}/payments` would have answered at `asOf`: the ' +
      'payments whose request the store had recorded by `asOf` (transaction time, as the audit ' +
      'log\u2019s `createdAt`), requested from 00:00 KST of the same day three calendar months ' +
      'before the KST day of `asOf`, newest first; each folded from its own stream up to `asOf`, ' +
      'with `cancellable` decided as at `asOf`. Paged like the live list (keyset cursor, same ' +
      'limits); pass the same `asOf` with each `cursor`. Payments older than the live list are ' +
      'still found: the member index behind this route is never pruned.',
  })
  @ApiOkResponse({ type: MemberPaymentsAsOfView, headers: STALE_READ_RESPONSE_HEADERS })
  @ApiProblemResponses({ status: 400, codes: ['VALIDATION_FAILED', 'INVALID_CURSOR'] })
  list(
    @MemberIdParam() memberId: string,
    @Query() query: MemberPaymentsAsOfQueryDto,
  ): Promise<MemberPaymentsAsOfView> {
    return this.queries.execute(
      new MemberPaymentsAsOfQuery(
        memberId,
        query.asOf,
        query.limit ?? DEFAULT_PAGE_SIZE,
        query.cursor,
      ),
    );
  }
}
