import { ApiProperty } from '@nestjs/swagger';
import type { SandboxTransaction } from '@lib/gateway';
import { COUNT, INSTANT, KRW } from '../../openapi/properties.openapi';

export class SandboxRefundView {
  @ApiProperty() readonly cancellationId!: string;
  @ApiProperty() readonly pgCancelId!: string;
  @ApiProperty({ ...KRW, example: 1000 }) readonly amount!: number;
  @ApiProperty(INSTANT) readonly at!: string;
}

export class SandboxVoidView {
  @ApiProperty() readonly pgVoidId!: string;
  @ApiProperty({ ...KRW, example: 1000 }) readonly amount!: number;
  @ApiProperty(INSTANT) readonly at!: string;
}

export class SandboxTransactionView implements SandboxTransaction {
  @ApiProperty() readonly pgTransactionId!: string;
  @ApiProperty({ type: [SandboxRefundView] }) readonly refunds!: SandboxRefundView[];
  @ApiProperty({ type: [SandboxVoidView] }) readonly voids!: SandboxVoidView[];
  @ApiProperty({ ...COUNT, description: 'Cancel calls received (by any key)' })
  readonly cancelCalls!: number;
  @ApiProperty({ ...COUNT, description: 'Questions about a cancellation key (R21)' })
  readonly statusCalls!: number;
  @ApiProperty({ ...COUNT, description: 'Void calls received (R22)' }) readonly voidCalls!: number;
}
