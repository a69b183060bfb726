import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, ItemIdParam, PaymentIdParam, Roles } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { NoBody } from '../shared/no-body';
import { PaymentView } from '../shared/payment.representation';
import { ViewJudgmentCommand } from './view-judgment.command';

@ApiTags('payments')
@Controller('v1/payments')
export class ViewJudgmentController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':paymentId/items/:itemId/view')
  @HttpCode(200)
  @Roles('client')
  @Idempotent()
  @ApiOperation({
    summary: 'Record that the payer opened a paid judgment (열람)',
    description: 'R8. Viewing again is not an error and records nothing new.',
  })
  @ApiOkResponse({ type: PaymentView })
  @ApiProblemResponses(
    400,
    401,
    403,
    422,
    { status: 404, codes: ['PAYMENT_NOT_FOUND', 'ITEM_NOT_FOUND'] },
    {
      status: 409,
      codes: ['VIEW_NOT_ALLOWED', 'CANCEL_IN_PROGRESS'],
    },
  )
  view(
    @PaymentIdParam() paymentId: string,
    @ItemIdParam() itemId: string,
    @Req() request: FastifyRequest,
    @NoBody() _body: undefined,
  ): Promise<PaymentView> {
    return this.commands.execute(
      new ViewJudgmentCommand(paymentId, itemId, commandMetaOf(request)),
    );
  }
}
