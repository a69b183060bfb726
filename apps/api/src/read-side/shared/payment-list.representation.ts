import { ApiProperty } from '@nestjs/swagger';
import { PaymentView } from '../../payments/shared/payment.representation';

/** A page of a payer's list (R14, DESIGN.md §6): newest first. */
export class PaymentListView {
  @ApiProperty({ type: [PaymentView] })
  readonly payments!: PaymentView[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Opaque; pass it as `cursor` for the next page. Null on the last page.',
  })
  readonly nextCursor!: string | null;
}
