import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { NoBody } from '../shared/no-body';
import { PaymentView } from '../shared/payment.representation';
import { CancelPaymentCommand } from './cancel-payment.command';

@ApiTags('payments')
@Controller('v1/payments')
export class CancelPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/cancel')
  @HttpCode(200)
  @Roles('client')
  @Idempotent()
  @ApiOperation({
    summary: 'Cancel the whole payment (결제취소)',
    description:
      'R9–R13, R19: whole payments only, on the KST day they completed, before that day is ' +
      'settled, and only when no judgment of it was viewed. A cancellation the PG refuses or ' +
      'times out answers 502 PG_CANCEL_FAILED; the payment stays COMPLETED and may be retried ' +
      '(with a new Idempotency-Key or the same one).',
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(
    400,
    401,
    403,
    404,
    422,
    {
      status: 409,
      codes: ['CANCEL_NOT_ALLOWED'],
      description:
        'Refused; `reason` is ALREADY_VIEWED, NOT_SAME_DAY, SETTLED, NOT_COMPLETED or ALREADY_CANCELLED',
    },
    { status: 502, codes: ['PG_CANCEL_FAILED'] },
  )
  cancel(
    @PaymentIdParam() paymentId: string,
    @Req() request: FastifyRequest,
    @NoBody() _body: undefined,
  ): Promise<PaymentView> {
    return this.commands.execute(new CancelPaymentCommand(paymentId, commandMetaOf(request)));
  }
}
