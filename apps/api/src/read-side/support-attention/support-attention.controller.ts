import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LIMITS } from '@lib/limits';
import { ApiProblemResponses, Roles } from '../../http';
import {
  ReadYourWrites,
  STALE_READ_RESPONSE_HEADERS,
} from '../shared/read-your-writes.interceptor';
import { SupportAttentionQuery } from './support-attention.query';
import { AttentionListView } from './support-attention.representation';

@ApiTags('support')
@Controller('v1/support')
export class SupportAttentionController {
  constructor(private readonly queries: QueryBus) {}

  @Get('attention')
  @Roles('support')
  @ReadYourWrites()
  @ApiOperation({
    summary: 'Payments the reconcilers could not settle with the PG (R21, R22), oldest first',
    description:
      'A cancellation whose outcome the PG would not tell, or an approval the PG would not void, ' +
      `after ${LIMITS.reconcile.attentionAfterMinutes} minutes of asking. An entry leaves the list ` +
      'when the PG finally answers (the reconcilers keep asking).',
  })
  @ApiOkResponse({ type: AttentionListView, headers: STALE_READ_RESPONSE_HEADERS })
  @ApiProblemResponses(401, 403)
  list(): Promise<AttentionListView> {
    return this.queries.execute(new SupportAttentionQuery(LIMITS.pages.auditJsonMax));
  }
}
