import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { PaymentView } from '../shared/payment.representation';
import { RepayPaymentCommand } from './repay-payment.command';
import { RepayPaymentDto } from './repay-payment.dto';

@ApiTags('payments')
@Controller('v1/payments')
export class RepayPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/repayment')
  @HttpCode(201)
  @Roles('client')
  @Idempotent()
  @ApiOperation({
    summary: 'Pay again for the viewed judgments, so the original can be cancelled',
    description:
      'R12 (FAQ II.4): a new payment by the same payer for exactly the viewed items. When it ' +
      'completes, the views move to it and the original (same day, not settled) can be cancelled.',
  })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, 404, 422, {
    status: 409,
    codes: ['REPAYMENT_NOT_ALLOWED', 'PENDING_TRANSFER_EXISTS'],
  })
  repay(
    @PaymentIdParam() paymentId: string,
    @Body() body: RepayPaymentDto,
    @Req() request: FastifyRequest,
  ): Promise<PaymentView> {
    return this.commands.execute(new RepayPaymentCommand(paymentId, body, commandMetaOf(request)));
  }
}
