import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { AsOfQueryDto } from '../shared/as-of.dto';
import { PaymentAsOfView } from './payment-as-of.representation';
import { PaymentAsOfQuery } from './payment-as-of.query';

@ApiTags('audit')
@Controller('v1/audit/payments')
export class PaymentAsOfController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':paymentId')
  @Roles('auditor')
  @ApiOperation({
    summary: 'A payment as it stood at an instant, with the events used',
    description:
      'The payment folded from its events that the store had recorded by `asOf` (transaction ' +
      'time: each event\u2019s `createdAt` in the audit log, not the business times inside the ' +
      'events), answered as `GET /v1/payments/{paymentId}` would have answered then: ' +
      '`cancellable` is decided with the clock at `asOf` and the settlement of the completion day ' +
      'as recorded by `asOf`. 404 when none of its events had been recorded by then.',
  })
  @ApiOkResponse({ type: PaymentAsOfView })
  @ApiProblemResponses(
    { status: 400, codes: ['VALIDATION_FAILED'] },
    { status: 404, codes: ['PAYMENT_NOT_FOUND'] },
  )
  get(@PaymentIdParam() paymentId: string, @Query() query: AsOfQueryDto): Promise<PaymentAsOfView> {
    return this.queries.execute(new PaymentAsOfQuery(paymentId, query.asOf));
  }
}
