import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { LIMITS } from '@lib/limits';
import { ApiProblemResponses, PaymentIdParam, Roles, answerAccepted } from '../../http';
import { Idempotent } from '../../idempotency/idempotent.interceptor';
import { commandMetaOf } from '../../http';
import { NoBody } from '../shared/no-body';
import { PaymentView } from '../shared/payment.representation';
import { CancelPaymentCommand } from './cancel-payment.command';

/** When to look again at a cancellation whose outcome is unknown: the reconciler's pace. */
const RETRY_AFTER_SECONDS = Math.ceil(LIMITS.reconcile.intervalMs / 1000);

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
      'R9–R13, R19–R21: whole payments only, on the KST day they completed, before that day is ' +
      'settled, and only when no judgment of it was viewed. The cancellation is recorded as ' +
      'started (CANCELLING, 결제취소중) before the PG is called. A cancellation the PG refuses ' +
      'answers 502 PG_CANCEL_FAILED; the payment is COMPLETED again and may be retried. When ' +
      'the PG does not answer in time the outcome is unknown: 202 with the payment CANCELLING ' +
      'and Retry-After; the ledger asks the PG until it knows (GET the payment to see). A ' +
      'second cancel while one is in flight joins it and answers the same.',
  })
  @ApiOkResponse({ type: PaymentView, description: 'The payment, CANCELLED' })
  @ApiAcceptedResponse({
    type: PaymentView,
    description: 'The outcome is not known yet: the payment is CANCELLING (Retry-After)',
  })
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
        'Refused; `reason` is ALREADY_VIEWED, NOT_SAME_DAY, SETTLED, NOT_COMPLETED, ALREADY_CANCELLED or CANCEL_IN_PROGRESS',
    },
    { status: 502, codes: ['PG_CANCEL_FAILED'] },
  )
  async cancel(
    @PaymentIdParam() paymentId: string,
    @Req() request: FastifyRequest,
    @NoBody() _body: undefined,
  ): Promise<PaymentView> {
    const { payment, settled } = await this.commands.execute(
      new CancelPaymentCommand(paymentId, commandMetaOf(request)),
    );
    if (!settled) answerAccepted(request, RETRY_AFTER_SECONDS);
    return payment;
  }
}
