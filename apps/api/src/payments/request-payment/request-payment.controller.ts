import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { PaymentView } from '../shared/payment.representation';
import { RequestPaymentCommand } from './request-payment.command';
import { RequestPaymentDto } from './request-payment.dto';

@ApiTags('payments')
@Controller('v1/payments')
export class RequestPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('client')
  @Idempotent()
  @ApiOperation({
    summary: 'Request a payment for one or more judgments (결제준비)',
    description:
      'R1–R6. The payment starts REQUESTED; the PG reports the outcome through complete/fail. ' +
      'A bank transfer expires 15 minutes after it is requested (`expiresAt`).',
  })
  @ApiCreatedResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, 422, {
    status: 409,
    codes: ['PENDING_TRANSFER_EXISTS', 'IDEMPOTENCY_REQUEST_IN_PROGRESS'],
  })
  request(@Body() body: RequestPaymentDto, @Req() request: FastifyRequest): Promise<PaymentView> {
    return this.commands.execute(new RequestPaymentCommand(body, commandMetaOf(request)));
  }
}
