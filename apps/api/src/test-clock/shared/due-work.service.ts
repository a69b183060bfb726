import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { TransferExpirySweep } from '../../../../worker/src/transfer-expiry/transfer-expiry.sweep';
import { DueSettlements } from '../../settlements/close-due-settlements/due-settlements.service';
import { systemMeta } from '../../settlements/shared/system-meta';

/** What the due work did, by kind. */
export class DueWorkRan {
  @ApiProperty({
    type: [String],
    example: ['0b9f6c8e-2f4a-4c1e-9d3b-6a1e2f3c4d5e'],
    description: 'Bank transfers this call expired (R5), oldest deadline first',
  })
  readonly transfersExpired!: string[];

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
  constructor(
    private readonly transfers: TransferExpirySweep,
    private readonly settlements: DueSettlements,
  ) {}

  async runAll(): Promise<DueWorkRan> {
    const meta = systemMeta('test-clock');
    // R5 before R18: a transfer that expired before midnight is FAILED when its day is counted.
    const transfersExpired = await this.transfers.runOnce(meta);
    const settlementsClosed = await this.settlements.closeDue(meta);
    return { transfersExpired, settlementsClosed };
  }
}
