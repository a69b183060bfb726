import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { PaymentHistoryView } from './payment-history.representation';
import { SupportHistoryQuery } from './support-history.query';

@ApiTags('support')
@Controller('v1/support/payments')
export class SupportHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':paymentId/history')
  @Roles('support')
  @ApiOperation({
    summary: 'Every event of one payment, in order (사용자지원센터)',
    description:
      'R16: PG decline codes and messages, failed cancellations and late approvals included. ' +
      "Read from the event store, so it is current and never pruned; a guest's phone key and " +
      'password hash are left out.',
  })
  @ApiOkResponse({ type: PaymentHistoryView })
  @ApiProblemResponses(400, 401, 403, { status: 404, codes: ['PAYMENT_NOT_FOUND'] })
  history(@PaymentIdParam() paymentId: string): Promise<PaymentHistoryView> {
    return this.queries.execute(new SupportHistoryQuery(paymentId));
  }
}
