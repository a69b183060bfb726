import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PAYMENT_GATEWAY, SandboxPg, adapterOf, type PaymentGateway } from '@lib/gateway';
import { ApiProblemResponses, PathParam, ProblemException, Roles } from '../../http';
import { PG_TRANSACTION_ID_PARAM } from '../../http/validation/patterns';
import { SandboxTransactionView } from './sandbox-transaction.representation';

/**
 * What the sandbox PG did for one approval (DESIGN.md §6): for tests and for people trying the
 * API. Only the sandbox keeps such books; behind a real PG's adapter the route answers 404.
 */
@ApiTags('sandbox PG')
@Controller('v1/sandbox-pg')
export class GetSandboxTransactionController {
  constructor(@Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway) {}

  @Get('transactions/:pgTransactionId')
  @Roles('admin')
  @ApiOperation({
    summary: 'Sandbox PG only: the refunds, voids and calls of one approval',
    description:
      'The sandbox PG keeps its own books (LEDGER_SANDBOX_PG_FILE), as a real PG would: every ' +
      'refund (at most one per approval), every void, and how often each kind of call arrived.',
  })
  @ApiOkResponse({ type: SandboxTransactionView })
  @ApiProblemResponses(400, 401, 403, { status: 404, codes: ['NOT_FOUND'] })
  get(
    @PathParam(
      'pgTransactionId',
      PG_TRANSACTION_ID_PARAM,
      'PG 거래번호는 영문, 숫자, ., _, :, - 로 된 1~128자여야 합니다.',
    )
    pgTransactionId: string,
  ): SandboxTransactionView {
    const sandbox = adapterOf(this.gateway);
    if (!(sandbox instanceof SandboxPg)) {
      throw new ProblemException(404, {
        code: 'NOT_FOUND',
        title: 'Not found',
        message: '요청한 주소를 찾을 수 없습니다.',
      });
    }
    return sandbox.transaction(pgTransactionId);
  }
}
