import { DateTime } from 'luxon';
import type { RecordedEvent } from '@lib/event-store';
import { BUSINESS_ZONE } from '@lib/ledger';

/** One line of a payment's timeline, for people and (as JSON) for machines. */
export interface TimelineEntry {
  readonly position: string;
  readonly revision: string;
  readonly type: string;
  /** The business time (metadata.occurredAt) in KST, `yyyy-MM-dd HH:mm:ss`; else the recording time. */
  readonly at: string;
  readonly actor: string;
  readonly summary: string;
  /** The KST day whose settlement counts this event (completions and cancellations). */
  readonly settlementDay: string | null;
}

type Data = Record<string, unknown>;

/** A field as text: strings as they are, anything else as its JSON. */
const text = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '-');

const won = (amount: unknown) => `${Number(amount).toLocaleString('en-US')} KRW`;

/** What each event says, in a few words, with the PG's references and codes. */
const SUMMARIES: Readonly<Record<string, (data: Data) => string>> = {
  PaymentRequested: (data) => {
    const instrument = data.instrument as Data;
    const payer = data.payer as Data;
    const how =
      instrument.method === 'CARD'
        ? `card ${text(instrument.cardIssuer)} (${text(instrument.authScheme)})`
        : `transfer bank ${text(instrument.bankCode)}`;
    const who = payer.type === 'MEMBER' ? `member ${text(payer.memberId)}` : 'a guest';
    const items = (data.items as unknown[]).length;
    const repay =
      data.repaymentOf === null ? '' : `, repays ${text((data.repaymentOf as Data).paymentId)}`;
    return `${who} asks ${won(data.amountKrw)} for ${items} judgment(s) by ${how}${repay}`;
  },
  PaymentCompleted: (data) =>
    `PG approved ${won(data.amountKrw)}, pgTransactionId ${text(data.pgTransactionId)}`,
  PaymentFailed: (data) =>
    `failed: ${text(data.reason)} (${text(data.code)} ${text(data.message)})`,
  JudgmentViewed: (data) => `judgment ${text(data.itemId)} viewed`,
  JudgmentViewsTransferred: (data) =>
    `views of ${(data.itemIds as unknown[]).length} item(s) moved to ${text(data.toPaymentId)}`,
  PaymentCancellationStarted: (data) =>
    `cancellation ${text(data.cancellationId)} sent to the PG for ${won(data.amountKrw)}`,
  PaymentCancelled: (data) =>
    `cancelled, ${won(data.amountKrw)} refunded (PG cancel ${text(data.pgCancelTransactionId ?? '-')})`,
  PaymentCancellationFailed: (data) =>
    `PG refused the cancellation: ${text(data.pgCode)} ${text(data.pgMessage)}`,
  LatePaymentApprovalReceived: (data) =>
    `late PG approval ${text(data.pgTransactionId)} of ${won(data.approvedAmountKrw)} (payment was ${text(data.statusAtReceipt)})`,
  PaymentApprovalVoidStarted: (data) =>
    `void of approval ${text(data.pgTransactionId)} (${won(data.approvedAmountKrw)}) sent: ${text(data.reason)}`,
  PaymentApprovalVoided: (data) =>
    `PG voided ${text(data.pgTransactionId)} (void ${text(data.pgVoidId)})`,
  PaymentNeedsAttention: (data) =>
    `needs a person: ${text(data.reason)}${data.pgCode === null ? '' : ` (${text(data.pgCode)} ${text(data.pgMessage)})`}`,
};

/** The timeline of a payment's events (`ledger history`): KST times, actor, what happened. */
export function timelineOf(events: readonly RecordedEvent[]): TimelineEntry[] {
  return events.map((event) => {
    const data = (event.data ?? {}) as Data;
    const metadata = event.metadata as Data;
    const actor = metadata.actor as { role?: unknown; id?: unknown } | undefined;
    const occurredAt =
      typeof metadata.occurredAt === 'string' ? metadata.occurredAt : event.created.toISOString();
    const summary = SUMMARIES[event.type]?.(data) ?? JSON.stringify(data);
    const settlementDay =
      event.type === 'PaymentCompleted' || event.type === 'PaymentCancelled'
        ? typeof data.completedOn === 'string'
          ? data.completedOn
          : null
        : null;
    return {
      position: event.position.commit.toString(),
      revision: event.revision.toString(),
      type: event.type,
      at: DateTime.fromISO(occurredAt).setZone(BUSINESS_ZONE).toFormat('yyyy-MM-dd HH:mm:ss'),
      actor: actor === undefined ? '-' : `${String(actor.role)}:${String(actor.id)}`,
      summary,
      settlementDay,
    };
  });
}
