import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { NoBody } from '../shared/no-body';
import { PaymentView } from '../shared/payment.representation';
import { RefreshPaymentCommand } from './refresh-payment.command';

@ApiTags('payments')
@Controller('v1/payments')
export class RefreshPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/refresh')
  @HttpCode(200)
  @Roles('client')
  @Idempotent()
  @ApiOperation({
    summary:
      'The "결제중" button: current status, expiring an unfinished transfer past its deadline',
    description: 'R5 (FAQ IV.3).',
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(400, 401, 403, 404, 422)
  refresh(
    @PaymentIdParam() paymentId: string,
    @Req() request: FastifyRequest,
    @NoBody() _body: undefined,
  ): Promise<PaymentView> {
    return this.commands.execute(new RefreshPaymentCommand(paymentId, commandMetaOf(request)));
  }
}
