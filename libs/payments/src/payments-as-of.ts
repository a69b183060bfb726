import { Inject, Injectable } from '@nestjs/common';
import type { DateTime } from 'luxon';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@lib/event-store';
import {
  cancelBlockedReason,
  completedOn,
  evolveSettlement,
  foldPayment,
  initialSettlementState,
  invariant,
  paymentStreamId,
  settlementStreamId,
  type BusinessDate,
  type CancelBlockedReason,
  type PaymentEvent,
  type PaymentState,
  type SettlementEvent,
} from '@lib/ledger';
import {
  ReadModels,
  listMemberPaymentIds,
  paymentListStart,
  type MemberPaymentIdsPage,
} from '@lib/projections';

/** A payment as it stood at an instant of the store's recording time. */
export interface PaymentAsOf {
  /** `NONE` when the store had recorded none of its events by then. */
  readonly state: PaymentState;
  /** The events folded: the stream's events recorded by then, in order. */
  readonly events: readonly RecordedEvent[];
  /**
   * R9–R11, R19 decided with the clock at that instant and the completion day's settlement as it
   * stood then; null when the payment could be cancelled at that instant.
   */
  readonly cancelBlockedReason: CancelBlockedReason | null;
}

/**
 * Auditors' as-of reads (DESIGN.md §6): a payment, or a member's list (R14), as it stood at an
 * instant of transaction time, that is the store's recording time of each event (`created`), not
 * the business times the events carry. Everything is folded from the streams themselves by the
 * deciders' own `evolve`; the read model only names a member's payments.
 */
@Injectable()
export class PaymentsAsOf {
  constructor(
    @Inject(EVENT_STORE) private readonly store: Pick<EventStore, 'readStream'>,
    // Only the file: a tool outside Nest (the CLI) can pass `{ db }` of a read-model file it opened.
    @Inject(ReadModels) private readonly readModels: Pick<ReadModels, 'db'>,
  ) {}

  payment(paymentId: string, asOf: DateTime): Promise<PaymentAsOf> {
    return this.foldedAt(paymentId, asOf, (day) => this.dayClosedAt(day, asOf));
  }

  /**
   * One page of the ids of a member's list as it stood at `asOf` (R14): the payments whose request
   * the store had recorded by then, requested from 00:00 KST of the same day three calendar months
   * before `asOf`'s KST day, in the live list's order. Throws InvalidCursorError for a cursor the
   * list did not make.
   */
  memberPaymentIds(
    memberId: string,
    asOf: DateTime,
    page: { readonly limit: number; readonly cursor?: string | null },
  ): MemberPaymentIdsPage {
    return listMemberPaymentIds(this.readModels.db, {
      memberId,
      since: paymentListStart(asOf),
      recordedByMs: asOf.toMillis(),
      ...page,
    });
  }

  /** The payments `memberPaymentIds` listed, each folded to `asOf`, in the same order. */
  async listedPayments(paymentIds: readonly string[], asOf: DateTime): Promise<PaymentAsOf[]> {
    const closedDays = new Map<BusinessDate, Promise<boolean>>();
    const isDayClosed = (day: BusinessDate): Promise<boolean> => {
      let closed = closedDays.get(day);
      if (closed === undefined) {
        closed = this.dayClosedAt(day, asOf);
        closedDays.set(day, closed);
      }
      return closed;
    };
    const payments = await Promise.all(
      paymentIds.map((paymentId) => this.foldedAt(paymentId, asOf, isDayClosed)),
    );
    for (const [index, payment] of payments.entries()) {
      // The index holds the request's own recording time: the stream must agree with it.
      invariant(
        payment.state.status !== 'NONE',
        `${paymentIds[index]} is listed as recorded by ${String(asOf.toISO())}, its stream is not`,
      );
    }
    return payments;
  }

  private async foldedAt(
    paymentId: string,
    asOf: DateTime,
    isDayClosed: (day: BusinessDate) => Promise<boolean>,
  ): Promise<PaymentAsOf> {
    const events = await recordedBy(this.store, paymentStreamId(paymentId), asOf);
    const state = foldPayment(events.map(({ type, data }) => ({ type, data }) as PaymentEvent));
    const day = completedOn(state);
    const closed = day !== null && (await isDayClosed(day));
    return { state, events, cancelBlockedReason: cancelBlockedReason(state, asOf, closed) };
  }

  /** Whether the day's settlement stream, folded up to `asOf`, had closed (R19 as it stood). */
  private async dayClosedAt(day: BusinessDate, asOf: DateTime): Promise<boolean> {
    const events = await recordedBy(this.store, settlementStreamId(day), asOf);
    const state = events.reduce(
      (folded, { type, data }) => evolveSettlement(folded, { type, data } as SettlementEvent),
      initialSettlementState,
    );
    return state.closed !== null;
  }
}

/**
 * A stream as it stood at `asOf`: its events up to, not including, the first one the store
 * recorded after `asOf`. A stream is a prefix at every moment (revision n never exists without
 * n-1), so where writers' recording clocks disagree the first later event ends it.
 */
export async function recordedBy(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  asOf: DateTime,
): Promise<RecordedEvent[]> {
  const events = await store.readStream(streamId);
  const cutoffMs = asOf.toMillis();
  const end = events.findIndex((event) => event.created.getTime() > cutoffMs);
  return end === -1 ? events : events.slice(0, end);
}
