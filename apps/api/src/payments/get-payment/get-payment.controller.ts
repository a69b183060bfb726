import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { PaymentView } from '../shared/payment.representation';
import { GetPaymentQuery } from './get-payment.query';

@ApiTags('payments')
@Controller('v1/payments')
export class GetPaymentController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':paymentId')
  @Roles('client', 'support')
  @ApiOperation({
    summary: 'One payment with its items and whether it can be cancelled now',
    description: '`cancellable` and `cancelBlockedReason` are decided at the moment of the answer.',
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, { status: 404, codes: ['PAYMENT_NOT_FOUND'] })
  get(@PaymentIdParam() paymentId: string): Promise<PaymentView> {
    return this.queries.execute(new GetPaymentQuery(paymentId));
  }
}
