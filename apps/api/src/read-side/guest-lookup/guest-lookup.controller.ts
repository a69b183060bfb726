import { Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiProblemResponses, Roles } from '../../http';
import { GuestLookupDto } from '../../payments/guest-lookup/guest-lookup.dto';
import { commandMetaOf } from '../../http';
import { DEFAULT_PAGE_SIZE, PaymentListQueryDto } from '../shared/payment-list.dto';
import { PaymentListView } from '../shared/payment-list.representation';
import {
  ReadYourWrites,
  STALE_READ_RESPONSE_HEADERS,
} from '../shared/read-your-writes.interceptor';
import { GuestLookupQuery } from './guest-lookup.query';

/**
 * Not `@Idempotent()`, on purpose: it is a look-up, and an Idempotency-Key would store a
 * fingerprint of the body (a fast hash of phone and password) and the guest's list in the event
 * store, and let a replayed answer stand in for an attempt the lock-out must count.
 */
@ApiTags('lists')
@Controller('v1/guests/payments')
export class GuestLookupController {
  constructor(private readonly queries: QueryBus) {}

  @Post('lookup')
  @HttpCode(200)
  @Roles('client')
  @ReadYourWrites()
  @ApiOperation({
    summary: "A guest's payment list (last 3 months) by the phone number and password of payment",
    description:
      'R15. A POST so that the phone number and password travel in the body, never in a URL or ' +
      'an access log. A wrong phone or password answers 401 GUEST_CREDENTIALS_INVALID; after 5 ' +
      'failures in a row for one phone the look-up is locked for 15 minutes (429 ' +
      'GUEST_LOOKUP_LOCKED with `retryAfter`), on every replica and across restarts.',
  })
  @ApiOkResponse({ type: PaymentListView, headers: STALE_READ_RESPONSE_HEADERS })
  @ApiProblemResponses(
    { status: 400, codes: ['VALIDATION_FAILED', 'INVALID_CURSOR'] },
    { status: 401, codes: ['GUEST_CREDENTIALS_INVALID', 'UNAUTHENTICATED'] },
    403,
    { status: 429, codes: ['GUEST_LOOKUP_LOCKED', 'TOO_MANY_REQUESTS'] },
  )
  lookup(
    @Body() body: GuestLookupDto,
    @Query() query: PaymentListQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PaymentListView> {
    return this.queries.execute(
      new GuestLookupQuery(
        body.phone,
        body.password,
        query.limit ?? DEFAULT_PAGE_SIZE,
        query.cursor,
        commandMetaOf(request),
      ),
    );
  }
}
