import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@lib/common';
import { PaymentsAsOf } from '@lib/payments';
import { paymentView } from '../../payments/shared/payment.representation';
import { withCursorChecked } from '../../read-side/shared/payment-list.presenter';
import { asOfInstant, asOfText } from '../shared/as-of';
import type { MemberPaymentsAsOfView } from './member-payments-as-of.representation';
import { MemberPaymentsAsOfQuery } from './member-payments-as-of.query';

/**
 * R14 at an instant: the read model names the member's payments recorded by then (an index that is
 * never pruned), and each payment is folded from its own stream up to the instant.
 */
@QueryHandler(MemberPaymentsAsOfQuery)
export class MemberPaymentsAsOfHandler implements IQueryHandler<
  MemberPaymentsAsOfQuery,
  MemberPaymentsAsOfView
> {
  constructor(
    private readonly asOf: PaymentsAsOf,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: MemberPaymentsAsOfQuery): Promise<MemberPaymentsAsOfView> {
    const asOf = asOfInstant(query.asOf, this.clock);
    const { limit, cursor } = query;
    const listed = withCursorChecked(cursor, () =>
      this.asOf.memberPaymentIds(query.memberId, asOf, { limit, cursor }),
    );
    const payments = await this.asOf.listedPayments(listed.paymentIds, asOf);
    return {
      asOf: asOfText(asOf),
      payments: payments.map(({ state, cancelBlockedReason }) =>
        paymentView(state, cancelBlockedReason),
      ),
      nextCursor: listed.nextCursor,
    };
  }
}
