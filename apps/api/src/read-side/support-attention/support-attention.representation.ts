import { ApiProperty } from '@nestjs/swagger';
import type { AttentionSubject } from '@lib/ledger';
import { INSTANT } from '../../openapi/properties.openapi';

export class AttentionEntryView {
  @ApiProperty({ description: '거래번호' }) readonly paymentId!: string;
  @ApiProperty({
    enum: ['CANCELLATION', 'VOID'],
    description: 'A cancellation the PG left unanswered (R21), or a void it refused (R22)',
  })
  readonly subject!: AttentionSubject;
  @ApiProperty({ description: 'The cancellation id, or the PG transaction id of the approval' })
  readonly reference!: string;
  @ApiProperty({ example: 'PG_UNANSWERED', description: 'PG_UNANSWERED or VOID_REFUSED' })
  readonly reason!: string;
  @ApiProperty({ nullable: true, type: String }) readonly pgCode!: string | null;
  @ApiProperty({ nullable: true, type: String }) readonly pgMessage!: string | null;
  @ApiProperty({ ...INSTANT, description: 'Since when it needs a person' })
  readonly since!: string;
}

/** `GET /v1/support/attention`: what the reconcilers could not settle with the PG, oldest first. */
export class AttentionListView {
  @ApiProperty({ type: [AttentionEntryView] }) readonly attention!: AttentionEntryView[];
}
