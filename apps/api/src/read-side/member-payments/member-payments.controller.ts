import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, MemberIdParam, Roles } from '../../http';
import { DEFAULT_PAGE_SIZE, PaymentListQueryDto } from '../shared/payment-list.dto';
import { PaymentListView } from '../shared/payment-list.representation';
import {
  ReadYourWrites,
  STALE_READ_RESPONSE_HEADERS,
} from '../shared/read-your-writes.interceptor';
import { MemberPaymentsQuery } from './member-payments.query';

@ApiTags('lists')
@Controller('v1/members')
export class MemberPaymentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':memberId/payments')
  @Roles('client')
  @ReadYourWrites()
  @ApiOperation({
    summary: "A member's payment list (결제목록) of the last 3 months, newest first",
    description:
      'R14: from 00:00 KST on the same day three calendar months ago. `cancellable` and ' +
      '`cancelBlockedReason` are decided at the moment of the answer. Pages are keyset cursors: ' +
      'payments arriving between two pages neither repeat nor hide one.',
  })
  @ApiOkResponse({ type: PaymentListView, headers: STALE_READ_RESPONSE_HEADERS })
  @ApiProblemResponses({ status: 400, codes: ['VALIDATION_FAILED', 'INVALID_CURSOR'] }, 401, 403)
  list(
    @MemberIdParam() memberId: string,
    @Query() query: PaymentListQueryDto,
  ): Promise<PaymentListView> {
    return this.queries.execute(
      new MemberPaymentsQuery(memberId, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor),
    );
  }
}
