import { IntersectionType } from '@nestjs/swagger';
import { PaymentListQueryDto } from '../../read-side/shared/payment-list.dto';
import { AsOfQueryDto } from '../shared/as-of.dto';

/** `?asOf=&limit=&cursor=`: the live list's paging, at an instant. */
export class MemberPaymentsAsOfQueryDto extends IntersectionType(
  AsOfQueryDto,
  PaymentListQueryDto,
) {}
