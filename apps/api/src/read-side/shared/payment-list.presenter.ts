import { Inject, Injectable } from '@nestjs/common';
import type { DateTime } from 'luxon';
import { CLOCK, type Clock } from '@lib/common';
import { cancelBlockedReason, type BusinessDate } from '@lib/ledger';
import {
  InvalidCursorError,
  paymentStateOf,
  type PaymentPage,
  type PaymentRecord,
} from '@lib/projections';
import { ProblemException } from '../../http';
import { paymentView, type PaymentView } from '../../payments/shared/payment.representation';
import { SettlementCalendar } from '@lib/settlement';
import type { PaymentListView } from './payment-list.representation';

/**
 * Turns a page of read-model records into the API's list. `cancellable` is decided now, with the
 * same rule the cancel command runs, so it flips at 00:00 KST or at a day's close without any new
 * event; each completion day's settlement is asked of the event store once per page.
 */
@Injectable()
export class PaymentListPresenter {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly calendar: SettlementCalendar,
  ) {}

  now(): DateTime {
    return this.clock.now();
  }

  async present(page: PaymentPage, now: DateTime): Promise<PaymentListView> {
    const closed = await this.closedDays(page.payments);
    const isDayClosed = (day: BusinessDate): boolean => closed.has(day);
    return {
      payments: page.payments.map((record) => listedPaymentView(record, now, isDayClosed)),
      nextCursor: page.nextCursor,
    };
  }

  private async closedDays(records: readonly PaymentRecord[]): Promise<Set<BusinessDate>> {
    const days = new Set<BusinessDate>();
    for (const record of records) {
      if (record.completion !== null) days.add(record.completion.completedOn);
    }
    const answers = await Promise.all(
      [...days].map(async (day) => [day, await this.calendar.isClosed(day)] as const),
    );
    return new Set(answers.filter(([, isClosed]) => isClosed).map(([day]) => day));
  }
}

/**
 * A listed payment, built by the same function as `GET /v1/payments/{id}` (DESIGN.md §6) from the
 * record's ledger state, with `cancellable` decided now by the rule the cancel command runs.
 */
export function listedPaymentView(
  record: PaymentRecord,
  now: DateTime,
  isDayClosed: boolean | ((day: BusinessDate) => boolean),
): PaymentView {
  const state = paymentStateOf(record);
  return paymentView(state, cancelBlockedReason(state, now, isDayClosed));
}

/** Cursors are base64url of a small JSON array: a longer one is not ours, whatever it holds. */
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;

/** Runs a list query; a cursor this API did not make is the caller's error (400), not a bug. */
export function withCursorChecked<T>(cursor: string | undefined, query: () => T): T {
  try {
    if (cursor !== undefined && !CURSOR.test(cursor)) throw new InvalidCursorError();
    return query();
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemException(400, {
        code: 'INVALID_CURSOR',
        title: 'Invalid cursor',
        message: '페이지 커서가 올바르지 않습니다. 첫 페이지부터 다시 조회해 주세요.',
      });
    }
    throw error;
  }
}
