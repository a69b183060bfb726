import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { PaymentView } from '../shared/payment.representation';
import { FailPaymentCommand } from './fail-payment.command';
import { FailPaymentDto } from './fail-payment.dto';

@ApiTags('gateway')
@Controller('v1/payments')
export class FailPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/fail')
  @HttpCode(200)
  @Roles('gateway')
  @Idempotent()
  @ApiOperation({
    summary: 'PG decline or error: the payment fails (결제실패), nothing is charged',
    description: "R4, R7. The PG's code and message are kept for support.",
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, 404, 422, { status: 409, codes: ['NOT_REQUESTED'] })
  fail(
    @PaymentIdParam() paymentId: string,
    @Body() body: FailPaymentDto,
    @Req() request: FastifyRequest,
  ): Promise<PaymentView> {
    return this.commands.execute(new FailPaymentCommand(paymentId, body, commandMetaOf(request)));
  }
}
