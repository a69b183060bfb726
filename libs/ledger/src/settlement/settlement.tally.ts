/**
 * Counts a day's payment facts into its settlement report, one event of `$all` at a time (R18).
 * The command side feeds it the whole log in order; this file decides what counts:
 * - a payment counts as completed on the KST day its PaymentCompleted names (`completedOn`), once;
 * - it counts as cancelled on that same day when a PaymentCancelled names that day, whenever the
 *   cancellation was recorded — cancellations are only possible before the day's close (R19);
 * - method, issuer and bank come from the payment's PaymentRequested, which precedes it in `$all`.
 * Pure and deterministic (no I/O); the maps are private and only grow by the events given.
 */
import { assertNever, invariant } from '../assert';
import type { BusinessDate } from '../business-time';
import { assertKrw } from '../money';
import {
  BANK_CODES,
  CARD_ISSUER_CODES,
  type BankCode,
  type CardIssuer,
  type PaymentMethod,
} from '../payment-methods';
import {
  isPaymentEventType,
  type PaymentEvent,
  type PaymentInstrument,
} from '../payment/payment.events';
import {
  EMPTY_LINE,
  type SettlementLine,
  type SettlementReport,
  type Tally,
} from './settlement.report';

interface CountedPayment {
  readonly day: BusinessDate;
  readonly instrument: PaymentInstrument;
  readonly amountKrw: number;
}

/** Per day: lines keyed by `total`, `method:CARD`, `issuer:SHINHAN`, `bank:088`. */
type DayLines = Map<string, SettlementLine>;

export class SettlementTally {
  /** Instruments of payments not yet completed or failed: a completion needs its request's. */
  private readonly pending = new Map<string, PaymentInstrument>();
  /** Payments completed on a tallied day: a cancellation is counted against them. */
  private readonly counted = new Map<string, CountedPayment>();
  private readonly days = new Map<BusinessDate, DayLines>();

  constructor(days: Iterable<BusinessDate>) {
    for (const day of days) this.days.set(day, new Map());
  }

  /** Takes the next event of `$all`; anything that is not a payment event is ignored. */
  add(event: { readonly type: string; readonly data: unknown }): void {
    if (!isPaymentEventType(event.type)) return;
    this.addPaymentEvent(event as PaymentEvent);
  }

  report(day: BusinessDate): SettlementReport {
    const lines = this.days.get(day);
    invariant(lines !== undefined, `${day} was not tallied`);
    const line = (key: string) => lines.get(key) ?? EMPTY_LINE;
    const total = line('total');
    return {
      date: day,
      completed: total.completed,
      cancelled: total.cancelled,
      netAmountKrw: total.completed.amountKrw - total.cancelled.amountKrw,
      byMethod: { CARD: line('method:CARD'), BANK_TRANSFER: line('method:BANK_TRANSFER') },
      byIssuer: present<CardIssuer>(CARD_ISSUER_CODES, (code) => lines.get(`issuer:${code}`)),
      byBank: present<BankCode>(BANK_CODES, (code) => lines.get(`bank:${code}`)),
    };
  }

  private addPaymentEvent(event: PaymentEvent): void {
    switch (event.type) {
      case 'PaymentRequested':
        this.pending.set(event.data.paymentId, event.data.instrument);
        return;
      case 'PaymentFailed':
        this.pending.delete(event.data.paymentId);
        return;
      case 'PaymentCompleted': {
        const { paymentId, amountKrw, completedOn } = event.data;
        const instrument = this.pending.get(paymentId);
        invariant(instrument !== undefined, `${paymentId} completed without a request before it`);
        this.pending.delete(paymentId);
        const lines = this.days.get(completedOn);
        if (lines === undefined) return;
        this.counted.set(paymentId, { day: completedOn, instrument, amountKrw });
        addTo(lines, instrument, 'completed', amountKrw);
        return;
      }
      case 'PaymentCancelled': {
        const { paymentId, completedOn } = event.data;
        const lines = this.days.get(completedOn);
        if (lines === undefined) return;
        const payment = this.counted.get(paymentId);
        invariant(
          payment !== undefined && payment.day === completedOn,
          `${paymentId} cancelled against ${completedOn}, where it did not complete`,
        );
        addTo(lines, payment.instrument, 'cancelled', payment.amountKrw);
        return;
      }
      case 'JudgmentViewed':
      case 'JudgmentViewsTransferred':
      case 'PaymentCancellationFailed':
      case 'LatePaymentApprovalReceived':
        return;
      default:
        assertNever(event, 'payment event');
    }
  }
}

function addTo(
  lines: DayLines,
  instrument: PaymentInstrument,
  side: keyof SettlementLine,
  amountKrw: number,
): void {
  assertKrw(amountKrw, 'Settled amount');
  for (const key of keysOf(instrument)) {
    const line = lines.get(key) ?? EMPTY_LINE;
    lines.set(key, { ...line, [side]: plus(line[side], amountKrw) });
  }
}

function keysOf(instrument: PaymentInstrument): string[] {
  const method: PaymentMethod = instrument.method;
  switch (instrument.method) {
    case 'CARD':
      return ['total', `method:${method}`, `issuer:${instrument.cardIssuer}`];
    case 'BANK_TRANSFER':
      return ['total', `method:${method}`, `bank:${instrument.bankCode}`];
    default:
      return assertNever(instrument, 'payment instrument');
  }
}

function plus(tally: Tally, amountKrw: number): Tally {
  const sum = tally.amountKrw + amountKrw;
  assertKrw(sum, 'Settlement total');
  return { count: tally.count + 1, amountKrw: sum };
}

/** The lines of the codes that have one, in the order of `codes`. */
function present<Code extends string>(
  codes: readonly Code[],
  lineOf: (code: Code) => SettlementLine | undefined,
): Partial<Record<Code, SettlementLine>> {
  const result: Partial<Record<Code, SettlementLine>> = {};
  for (const code of codes) {
    const line = lineOf(code);
    if (line !== undefined) result[code] = line;
  }
  return result;
}
