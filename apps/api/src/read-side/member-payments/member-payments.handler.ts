import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { payerKeyOf } from '@lib/ledger';
import { listPayerPayments, paymentListStart } from '@lib/projections';
import { PaymentListPresenter, withCursorChecked } from '../shared/payment-list.presenter';
import type { PaymentListView } from '../shared/payment-list.representation';
import { ReadModels } from '@lib/projections';
import { MemberPaymentsQuery } from './member-payments.query';

/** R14: a member's payments of the last 3 calendar months (KST), newest first, from the read model. */
@QueryHandler(MemberPaymentsQuery)
export class MemberPaymentsHandler implements IQueryHandler<MemberPaymentsQuery, PaymentListView> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly presenter: PaymentListPresenter,
  ) {}

  execute({ memberId, limit, cursor }: MemberPaymentsQuery): Promise<PaymentListView> {
    const now = this.presenter.now();
    const page = withCursorChecked(cursor, () =>
      listPayerPayments(this.readModels.db, {
        payerKey: payerKeyOf({ type: 'MEMBER', memberId }),
        since: paymentListStart(now),
        limit,
        cursor,
      }),
    );
    return this.presenter.present(page, now);
  }
}
