import { ApiProperty } from '@nestjs/swagger';
import type { SandboxTransaction } from '@lib/gateway';

export class SandboxRefundView {
  @ApiProperty() readonly cancellationId!: string;
  @ApiProperty() readonly pgCancelId!: string;
  @ApiProperty({ example: 1000 }) readonly amount!: number;
  @ApiProperty() readonly at!: string;
}

export class SandboxVoidView {
  @ApiProperty() readonly pgVoidId!: string;
  @ApiProperty({ example: 1000 }) readonly amount!: number;
  @ApiProperty() readonly at!: string;
}

export class SandboxTransactionView implements SandboxTransaction {
  @ApiProperty() readonly pgTransactionId!: string;
  @ApiProperty({ type: [SandboxRefundView] }) readonly refunds!: SandboxRefundView[];
  @ApiProperty({ type: [SandboxVoidView] }) readonly voids!: SandboxVoidView[];
  @ApiProperty({ description: 'Cancel calls received (by any key)' }) readonly cancelCalls!: number;
  @ApiProperty({ description: 'Questions about a cancellation key (R21)' })
  readonly statusCalls!: number;
  @ApiProperty({ description: 'Void calls received (R22)' }) readonly voidCalls!: number;
}
