import { ApiExtraModels } from '@nestjs/swagger';
import { GuestPayerDto, MemberPayerDto, PayerField, type PayerDto } from '../shared/payer.dto';
import { PaymentItemDto, PaymentItemsField } from '../shared/payment-item.dto';
import { PaymentMethodDto } from '../shared/payment-method.dto';

/** Body of `POST /v1/payments` (DESIGN.md §6; R1, R2). */
@ApiExtraModels(MemberPayerDto, GuestPayerDto)
export class RequestPaymentDto extends PaymentMethodDto {
  @PayerField()
  readonly payer!: PayerDto;

  @PaymentItemsField()
  readonly items!: PaymentItemDto[];
}
