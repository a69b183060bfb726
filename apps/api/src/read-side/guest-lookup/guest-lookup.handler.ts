import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { assertNever } from '@lib/ledger';
import { listGuestPasswordHashes, listPayerPayments, paymentListStart } from '@lib/projections';
import { GuestCredentials, GuestLookupLock } from '@lib/payments';
import { PaymentListPresenter, withCursorChecked } from '../shared/payment-list.presenter';
import type { PaymentListView } from '../shared/payment-list.representation';
import { ReadModels } from '@lib/projections';
import {
  guestCredentialsInvalid,
  guestLookupBusy,
  guestLookupLocked,
} from './guest-lookup.problems';
import { GuestLookupQuery } from './guest-lookup.query';

/**
 * R15: a guest sees the payments made with this phone and this password. The password is checked
 * against the distinct hashes of the phone's payments (a guest may have chosen another password for
 * another payment) at the cost of one slow hash (GuestCredentials: the salt comes from the phone);
 * only the payments whose hash matched are listed. Every attempt, right or wrong, goes through the
 * lock-out aggregate before anything is answered.
 */
@QueryHandler(GuestLookupQuery)
export class GuestLookupHandler implements IQueryHandler<GuestLookupQuery, PaymentListView> {
  constructor(
    private readonly credentials: GuestCredentials,
    private readonly lock: GuestLookupLock,
    private readonly readModels: ReadModels,
    private readonly presenter: PaymentListPresenter,
  ) {}

  async execute(query: GuestLookupQuery): Promise<PaymentListView> {
    const phoneKey = this.credentials.phoneKey(query.phone);
    if (phoneKey === null) throw guestCredentialsInvalid(); // the DTO lets none through

    const lockedUntil = await this.lock.lockedUntil(phoneKey);
    if (lockedUntil !== null) throw guestLookupLocked(lockedUntil, this.presenter.now());

    const since = paymentListStart(this.presenter.now());
    const matched = await this.credentials.matching(
      query.password,
      phoneKey,
      listGuestPasswordHashes(this.readModels.db, phoneKey, since),
    );
    const outcome = await this.lock.record(phoneKey, matched.length > 0, query.meta);
    const now = this.presenter.now();
    switch (outcome.kind) {
      case 'granted':
        break;
      case 'busy':
        throw guestLookupBusy(now);
      case 'refused':
        throw outcome.refusal.code === 'GUEST_LOOKUP_LOCKED'
          ? guestLookupLocked(outcome.refusal.retryAfter, now)
          : guestCredentialsInvalid();
      default:
        return assertNever(outcome, 'guest look-up outcome');
    }
    const page = withCursorChecked(query.cursor, () =>
      listPayerPayments(this.readModels.db, {
        phoneKey,
        passwordHashes: matched,
        since,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
    return this.presenter.present(page, now);
  }
}
