import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { SettlementDocument } from '@lib/settlement';
import { BUSINESS_DATE, COUNT, INSTANT, KRW } from '../../openapi/properties.openapi';

export class CountAndAmountView {
  @ApiProperty({ ...COUNT, example: 42 }) readonly count!: number;
  @ApiProperty({ ...KRW, example: 118000, description: 'KRW, a whole number' })
  readonly amount!: number;
}

export class SettlementLineView {
  @ApiProperty({ type: CountAndAmountView, description: 'Payments that completed that KST day' })
  readonly completed!: CountAndAmountView;
  @ApiProperty({ type: CountAndAmountView, description: 'Those of them cancelled' })
  readonly cancelled!: CountAndAmountView;
}

export class SettlementByMethodView {
  @ApiProperty({ type: SettlementLineView }) readonly CARD!: SettlementLineView;
  @ApiProperty({ type: SettlementLineView }) readonly BANK_TRANSFER!: SettlementLineView;
}

export class LateAdjustmentView {
  @ApiProperty() readonly paymentId!: string;
  @ApiProperty({ enum: ['COMPLETED', 'CANCELLED'] }) readonly type!: 'COMPLETED' | 'CANCELLED';
  @ApiProperty({ ...KRW, example: 1000, description: 'KRW' }) readonly amount!: number;
  @ApiProperty({ ...BUSINESS_DATE, description: 'The KST day the payment completed on' })
  readonly businessDate!: string;
}

export class LateAdjustmentTotalsView {
  @ApiProperty({ type: CountAndAmountView }) readonly completed!: CountAndAmountView;
  @ApiProperty({ type: CountAndAmountView }) readonly cancelled!: CountAndAmountView;
  @ApiProperty({ ...KRW, example: 0, description: 'completed − cancelled, KRW' })
  readonly netAmount!: number;
}

const LINES_BY_CODE = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(SettlementLineView) },
} as const;

/**
 * A closed day's settlement report, exactly as DESIGN.md §6 shows it: the OpenAPI description of
 * libs/settlement's SettlementDocument (the answer and the report file are built there).
 */
@ApiExtraModels(SettlementLineView)
export class SettlementView implements SettlementDocument {
  @ApiProperty({ ...BUSINESS_DATE, description: 'The KST day' }) readonly date!: string;
  @ApiProperty({ enum: [true] }) readonly closed!: true;
  @ApiProperty({ ...INSTANT, example: '2026-12-02T00:00:00.000+09:00' }) readonly closedAt!: string;
  @ApiProperty({ type: CountAndAmountView }) readonly completed!: CountAndAmountView;
  @ApiProperty({ type: CountAndAmountView }) readonly cancelled!: CountAndAmountView;
  @ApiProperty({
    ...KRW,
    example: 111000,
    description:
      "completed − cancelled of the day, plus the late adjustments' net (R24): the netAmounts of " +
      "all reports add up to the log's net, KRW",
  })
  readonly netAmount!: number;
  @ApiProperty({ type: SettlementByMethodView }) readonly byMethod!: SettlementByMethodView;
  @ApiProperty({
    ...LINES_BY_CODE,
    description: 'By card issuer code (R1), issuers of the day only',
  })
  readonly byIssuer!: Record<string, SettlementLineView>;
  @ApiProperty({
    ...LINES_BY_CODE,
    description: 'By 3-digit bank code (R1), banks of the day only',
  })
  readonly byBank!: Record<string, SettlementLineView>;
  @ApiProperty({
    type: [LateAdjustmentView],
    description:
      'R24: completions and cancellations recorded after their own day closed, carried into the ' +
      'first report closed after they were recorded',
  })
  readonly lateAdjustments!: LateAdjustmentView[];
  @ApiProperty({ type: LateAdjustmentTotalsView })
  readonly lateAdjustmentTotals!: LateAdjustmentTotalsView;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '9f2c…',
    description:
      'The Merkle root (hex) this close sealed (tamper evidence, docs/audit.md); ' +
      '`GET /v1/audit/digests/{date}` has the whole seal. Null for a day closed before seals.',
  })
  readonly digest!: string | null;
}
