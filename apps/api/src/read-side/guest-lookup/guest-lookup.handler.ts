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
 * against every distinct hash of the phone's payments (a guest may have chosen another password for
 * another payment); only the payments whose hash matched are listed. Every attempt, right or
 * wrong, goes through the lock-out aggregate before anything is answered.
 */
@QueryHandler(GuestLookupQuery)
export class GuestLookupHandler implements IQueryHandler<GuestLookupQuery, PaymentListView> {
  /** Checked when a phone has no payment, so that answer takes as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

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
    const matched = await this.matchingHashes(
      query.password,
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

  /** Checks every hash (no early exit, so the time does not tell which matched); scrypt, constant time. */
  private async matchingHashes(password: string, hashes: readonly string[]): Promise<string[]> {
    if (hashes.length === 0) {
      this.decoyHash ??= this.credentials.hashPassword('decoy-password');
      await this.credentials.verifyPassword(password, await this.decoyHash);
      return [];
    }
    const checks = await Promise.all(
      hashes.map(async (hash) =>
        (await this.credentials.verifyPassword(password, hash)) ? hash : null,
      ),
    );
    return checks.filter((hash): hash is string => hash !== null);
  }
}
