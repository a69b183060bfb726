import { ApiProperty } from '@nestjs/swagger';
import { DueWorkRan } from './due-work.service';

export class TestClockView {
  @ApiProperty({ example: '2026-12-02T00:00:00.000+09:00', description: 'The service’s now' })
  readonly now!: string;
}

export class TestClockMovedView extends TestClockView {
  @ApiProperty({ type: DueWorkRan, description: 'The work that became due and ran' })
  readonly ran!: DueWorkRan;
}
