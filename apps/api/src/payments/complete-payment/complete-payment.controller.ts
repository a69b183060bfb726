import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { PaymentView } from '../shared/payment.representation';
import { CompletePaymentCommand } from './complete-payment.command';
import { CompletePaymentDto } from './complete-payment.dto';

@ApiTags('gateway')
@Controller('v1/payments')
export class CompletePaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/complete')
  @HttpCode(200)
  @Roles('gateway')
  @Idempotent()
  @ApiOperation({
    summary: 'PG approval: the payment is charged (결제완료)',
    description:
      'R3, R3a, R4. A refused approval (certificate missing at or above the threshold, amount ' +
      'mismatch) also fails the payment; the PG must void it. An approval after expiry is refused ' +
      'and recorded for support.',
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, 404, 422, {
    status: 409,
    codes: ['CERTIFICATE_REQUIRED', 'AMOUNT_MISMATCH', 'NOT_REQUESTED', 'ORIGINAL_NOT_CANCELLABLE'],
    description:
      'Refused (R3, R3a, R22, R23); the approval is voided at the PG. The same approval again answers the same',
  })
  complete(
    @PaymentIdParam() paymentId: string,
    @Body() body: CompletePaymentDto,
    @Req() request: FastifyRequest,
  ): Promise<PaymentView> {
    return this.commands.execute(
      new CompletePaymentCommand(paymentId, body, commandMetaOf(request)),
    );
  }
}
