import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  EVENT_STORE,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type RecordedEvent,
} from '@lib/event-store';
import { paymentNotFound, paymentStreamId } from '@lib/ledger';
import { refusalProblem } from '../../http';
import { positionText } from '../shared/log-position';
import type {
  HistoryActorView,
  PaymentHistoryEventView,
  PaymentHistoryView,
} from './payment-history.representation';
import { SupportHistoryQuery } from './support-history.query';
import { withoutGuestSecrets } from './without-guest-secrets';

/**
 * R16: the payment's own stream, read from the event store: exact, complete and never pruned,
 * unlike the read model, which keeps only the last of several failed cancellations.
 */
@QueryHandler(SupportHistoryQuery)
export class SupportHistoryHandler implements IQueryHandler<
  SupportHistoryQuery,
  PaymentHistoryView
> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ paymentId }: SupportHistoryQuery): Promise<PaymentHistoryView> {
    const events = await this.store.readStream(paymentStreamId(paymentId));
    if (events.length === 0) throw refusalProblem(paymentNotFound());
    return { paymentId, events: events.map(historyEvent) };
  }
}

function historyEvent(event: RecordedEvent): PaymentHistoryEventView {
  const { metadata } = event;
  const data = withoutGuestSecrets(event.data);
  return {
    revision: event.revision.toString(),
    position: positionText(event.position),
    type: event.type,
    occurredAt: text(metadata.occurredAt),
    actor: actorOf(metadata),
    data: isObject(data) ? data : { value: data },
    correlationId: text(metadata.correlationId),
  };
}

function actorOf(metadata: JsonObject): HistoryActorView | null {
  const actor = metadata.actor;
  if (!isObject(actor)) return null;
  const { role, id } = actor;
  return typeof role === 'string' && typeof id === 'string' ? { role, id } : null;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
