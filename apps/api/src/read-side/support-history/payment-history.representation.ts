import { ApiProperty } from '@nestjs/swagger';
import { ApiNullableModel, INSTANT_OR_NULL } from '../../openapi/properties.openapi';

export class HistoryActorView {
  @ApiProperty({ example: 'client' }) readonly role!: string;
  @ApiProperty({ description: 'Fingerprint of the API key, or the system job' })
  readonly id!: string;
}

export class PaymentHistoryEventView {
  @ApiProperty({ description: 'Revision in the payment stream (decimal string)', example: '0' })
  readonly revision!: string;
  @ApiProperty({ description: 'Position in the global log (decimal string)', example: '42' })
  readonly position!: string;
  @ApiProperty({ example: 'PaymentCancellationFailed' }) readonly type!: string;
  @ApiProperty(INSTANT_OR_NULL) readonly occurredAt!: string | null;
  @ApiNullableModel(HistoryActorView) readonly actor!: HistoryActorView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data (PG codes and messages included), without a guest's secrets",
  })
  readonly data!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) readonly correlationId!: string | null;
}

/** R16: everything that happened to one payment, in order. */
export class PaymentHistoryView {
  @ApiProperty() readonly paymentId!: string;
  @ApiProperty({ type: [PaymentHistoryEventView] }) readonly events!: PaymentHistoryEventView[];
}
