import { ApiProperty } from '@nestjs/swagger';
import { PaymentView } from '../../payments/shared/payment.representation';
import { INSTANT } from '../../openapi/properties.openapi';
import { AuditEventView } from '../audit-log/audit-event.representation';

/** A payment as it stood at an instant of transaction time, with the events it was folded from. */
export class PaymentAsOfView {
  @ApiProperty({
    ...INSTANT,
    description: 'The instant asked about, in UTC (the form of `createdAt`)',
    example: '2026-12-01T01:00:00.000Z',
  })
  readonly asOf!: string;

  @ApiProperty({
    type: PaymentView,
    description:
      'The representation of `GET /v1/payments/{paymentId}`, folded from the events below; ' +
      '`cancellable` and `cancelBlockedReason` are decided as at `asOf`: the clock at `asOf`, the ' +
      "completion day's settlement as recorded by `asOf`",
  })
  readonly payment!: PaymentView;

  @ApiProperty({
    type: [AuditEventView],
    description:
      'The events folded, in stream order: every event of the payment recorded by `asOf`, ' +
      'as the audit log shows them',
  })
  readonly events!: AuditEventView[];
}
