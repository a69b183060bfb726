import { Query } from '@nestjs/cqrs';
import type { CommandMeta } from '@lib/commands';
import type { PaymentListView } from '../shared/payment-list.representation';

/**
 * A guest's list by phone and password (R15). A query that also records the attempt (the lock-out
 * count), so it carries the caller's meta for that event.
 */
export class GuestLookupQuery extends Query<PaymentListView> {
  constructor(
    readonly phone: string,
    readonly password: string,
    readonly limit: number,
    readonly cursor: string | undefined,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
