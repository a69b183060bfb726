import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DueSettlements } from '../../settlements/close-due-settlements/due-settlements.service';
import { systemMeta } from '../../settlements/shared/system-meta';

/** What the due work did, by kind. */
export class DueWorkRan {
  @ApiProperty({
    type: [String],
    example: ['2026-12-01'],
    description: 'Days whose settlement this call closed (R18), oldest first',
  })
  readonly settlementsClosed!: string[];
}

/**
 * Everything the clock makes due, run in order before PUT /v1/test-clock answers. Each kind is the
 * same work function its scheduler calls, so the test clock exercises production code.
 */
@Injectable()
export class DueWork {
  constructor(private readonly settlements: DueSettlements) {}

  async runAll(): Promise<DueWorkRan> {
    const meta = systemMeta('test-clock');
    // R5 hook: the transfer-expiry sweep (issue 5, worker) runs here, BEFORE the settlement, so a
    // transfer that expired before midnight is FAILED when its day is counted; it will add
    // `transfersExpired: [paymentIds]` to the answer.
    const settlementsClosed = await this.settlements.closeDue(meta);
    return { settlementsClosed };
  }
}
