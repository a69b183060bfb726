import { Query } from '@nestjs/cqrs';
import type { MemberPaymentsAsOfView } from './member-payments-as-of.representation';

export class MemberPaymentsAsOfQuery extends Query<MemberPaymentsAsOfView> {
  constructor(
    readonly memberId: string,
    /** As sent: the handler checks it against the clock. */
    readonly asOf: string,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {
    super();
  }
}
