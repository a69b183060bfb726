import { ApiProperty } from '@nestjs/swagger';
import type { DueWorkDone } from '@lib/payments';
import { INSTANT } from '../../openapi/properties.openapi';

/** What the due work did, by kind. */
export class DueWorkRan implements DueWorkDone {
  @ApiProperty({
    type: [String],
    example: ['0b9f6c8e-2f4a-4c1e-9d3b-6a1e2f3c4d5e'],
    description: 'Bank transfers this call expired (R5), oldest deadline first',
  })
  readonly transfersExpired!: string[];

  @ApiProperty({
    type: [String],
    description: 'Payments whose cancellation this call settled with the PG (R21)',
  })
  readonly cancellationsReconciled!: string[];

  @ApiProperty({
    type: [String],
    description: 'Approvals this call voided at the PG (R22), by PG transaction id',
  })
  readonly approvalsVoided!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'date' },
    example: ['2026-12-01'],
    description: 'Days whose settlement this call closed (R18), oldest first',
  })
  readonly settlementsClosed!: string[];
}

export class TestClockView {
  @ApiProperty({
    ...INSTANT,
    example: '2026-12-02T00:00:00.000+09:00',
    description: 'The service’s now',
  })
  readonly now!: string;
}

export class TestClockMovedView extends TestClockView {
  @ApiProperty({ type: DueWorkRan, description: 'The work that became due and ran' })
  readonly ran!: DueWorkRan;
}
