import { Controller, Get, Header } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ContentSecurityPolicy, PaymentIdParam, Roles } from '../../http';
import { CONFIRMATION_CSP } from './confirmation.csp';
import { PaymentConfirmationQuery } from './payment-confirmation.query';

@ApiTags('payments')
@Controller('v1/payments')
export class PaymentConfirmationController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':paymentId/confirmation')
  @Roles('client')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ContentSecurityPolicy(CONFIRMATION_CSP)
  @ApiOperation({
    summary: '결제확인서: a printable confirmation of a completed payment (not a receipt)',
    description: 'R17 (FAQ II.2). The page says plainly that it cannot be used as a receipt.',
  })
  @ApiOkResponse({
    description: 'Printable HTML',
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  @ApiProblemResponses(
    400,
    401,
    403,
    { status: 404, codes: ['PAYMENT_NOT_FOUND'] },
    {
      status: 409,
      codes: ['CONFIRMATION_NOT_AVAILABLE'],
    },
  )
  confirmation(@PaymentIdParam() paymentId: string): Promise<string> {
    return this.queries.execute(new PaymentConfirmationQuery(paymentId));
  }
}
