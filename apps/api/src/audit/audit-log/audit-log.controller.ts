import { Readable } from 'node:stream';
import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, Roles, validationFailed } from '../../http';
import { parsePosition } from '../../read-side/shared/log-position';
import { AuditPageView } from './audit-event.representation';
import { AUDIT_LIMIT_MESSAGE, AUDIT_PAGE_LIMITS, AuditLogQueryDto } from './audit-log.dto';
import { AuditLog } from './audit-log.service';

export const NDJSON = 'application/x-ndjson';

@ApiTags('audit')
@Controller('v1/audit')
export class AuditLogController {
  constructor(private readonly log: AuditLog) {}

  @Get('events')
  @Roles('auditor')
  @ApiProduces('application/json', NDJSON)
  @ApiOperation({
    summary: 'The global log in order, with positions',
    description:
      'Every event of every stream (payments, settlements, payer guards, idempotency keys, guest ' +
      "look-ups), after `after` (exclusive), as stored but for R25: a guest payer's " +
      "`passwordHash` and `phoneKey`, and the phone key in a guest look-up stream's name, show " +
      'only as their SHA-256 (`{ "sha256": "<hex>" }`); the hash chain covers that form, so the ' +
      'redacted log verifies (docs/audit.md). JSON answers `{ events, next }`; with `Accept: ' +
      `${NDJSON}\` one event per line, streamed, up to ${AUDIT_PAGE_LIMITS.ndjson} events: the ` +
      "last line's `position` is the next `after`, and fewer lines than `limit` means the end.",
  })
  @ApiOkResponse({ type: AuditPageView })
  @ApiProblemResponses({ status: 400, codes: ['VALIDATION_FAILED'] })
  async events(
    @Query() query: AuditLogQueryDto,
    @Headers('accept') accept: string | undefined,
  ): Promise<AuditPageView | StreamableFile> {
    const after = query.after === undefined ? null : parsePosition(query.after);
    if (query.after !== undefined && after === null) {
      throw validationFailed([
        { field: 'after', message: 'after는 0 이상의 10진수 위치여야 합니다.' },
      ]);
    }
    const limit = query.limit ?? AUDIT_PAGE_LIMITS.default;
    if (wantsNdjson(accept)) {
      return new StreamableFile(Readable.from(this.log.ndjson(after, limit)), { type: NDJSON });
    }
    if (limit > AUDIT_PAGE_LIMITS.json) {
      throw validationFailed([{ field: 'limit', message: AUDIT_LIMIT_MESSAGE }]);
    }
    return this.log.page(after, limit);
  }
}

function wantsNdjson(accept: string | undefined): boolean {
  return accept !== undefined && accept.toLowerCase().includes(NDJSON);
}
