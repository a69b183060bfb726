import { ApiProperty } from '@nestjs/swagger';
import { PaymentView } from '../../payments/shared/payment.representation';
import { INSTANT } from '../../openapi/properties.openapi';

/** A page of a member's list (R14) as it stood at an instant of transaction time. */
export class MemberPaymentsAsOfView {
  @ApiProperty({
    ...INSTANT,
    description: 'The instant asked about, in UTC (the form of `createdAt`)',
    example: '2026-12-01T01:00:00.000Z',
  })
  readonly asOf!: string;

  @ApiProperty({
    type: [PaymentView],
    description:
      'Newest first, as the live list; each folded from its own stream up to `asOf`, with ' +
      '`cancellable` decided as at `asOf`',
  })
  readonly payments!: PaymentView[];

  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Opaque; pass it as `cursor`, with the same `asOf`, for the next page. Null on the last page.',
  })
  readonly nextCursor!: string | null;
}
