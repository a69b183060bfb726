/**
 * Hand-made payment events for the focused suites, where a test needs exact instants (window
 * edges, ties). Shapes are the ledger's own event types; the generated history covers the rest.
 */
import { DateTime } from 'luxon';
import type { EventData, EventStore, JsonValue } from '@lib/event-store';
import {
  BUSINESS_ZONE,
  businessDate,
  isoInstant,
  paymentStreamId,
  type JudgmentViewed,
  type Payer,
  type PaymentCompleted,
  type PaymentEvent,
  type PaymentRequested,
} from '@lib/ledger';

export const MEMBER: Payer = { type: 'MEMBER', memberId: 'm-1001' };

/** A KST wall-clock time (`2026-12-01T10:00`) as the events write instants. */
export function kst(wallClock: string): string {
  const instant = DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });
  if (!instant.isValid) throw new Error(`Not a KST wall-clock time: ${wallClock}`);
  return isoInstant(instant);
}

export function requested(
  paymentId: string,
  requestedAt: string,
  payer: Payer = MEMBER,
  items = 2,
): PaymentRequested {
  return {
    type: 'PaymentRequested',
    data: {
      paymentId,
      payer,
      instrument: { method: 'CARD', cardIssuer: 'SHINHAN', authScheme: 'MPI' },
      items: Array.from({ length: items }, (_, i) => ({
        itemId: `${paymentId}-i${i + 1}`,
        court: '서울중앙지방법원',
        caseNumber: `2024가합${i + 1}`,
        feeKrw: 1_000,
      })),
      amountKrw: 1_000 * items,
      currency: 'KRW',
      requestedAt,
      expiresAt: null,
      repaymentOf: null,
    },
  };
}

export function completed(paymentId: string, completedAt: string, amountKrw = 2_000) {
  const event: PaymentCompleted = {
    type: 'PaymentCompleted',
    data: {
      paymentId,
      pgTransactionId: `pg-${paymentId}`,
      amountKrw,
      approvedAt: completedAt,
      certificateVerified: false,
      completedAt,
      completedOn: businessDate(completedAt),
    },
  };
  return event;
}

export function viewed(paymentId: string, itemId: string, viewedAt: string): JudgmentViewed {
  return {
    type: 'JudgmentViewed',
    data: { paymentId, itemId, viewedAt, transferredFrom: null },
  };
}

export function toEventData(event: PaymentEvent): EventData {
  // Event data is JSON by the ledger's contract; its interfaces just lack index signatures.
  return { type: event.type, data: event.data as unknown as JsonValue };
}

/** Appends each payment's events to its stream, in the order given. */
export async function appendPaymentEvents(
  store: EventStore,
  events: readonly PaymentEvent[],
): Promise<void> {
  for (const event of events) {
    await store.appendToStream(paymentStreamId(event.data.paymentId), [toEventData(event)]);
  }
}
