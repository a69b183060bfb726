/**
 * Counts a day's payment facts into its settlement report, one event of `$all` at a time (R18,
 * R24). The command side feeds it the log in order, up to the close's cut; this file decides what
 * counts:
 * - a payment counts as completed on the KST day its PaymentCompleted names (`completedOn`), once;
 * - it counts as cancelled on that same day when a PaymentCancelled names that day and was
 *   recorded before the day's cut;
 * - R24: a completion or cancellation recorded after the previous close's cut, of a day already
 *   closed before it was recorded, is a late adjustment of this close's first report;
 * - method, issuer and bank come from the payment's PaymentRequested, which precedes it in `$all`
 *   (the command side gives it first when it lies before the part of the log a close reads).
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
  ZERO_TALLY,
  type LateAdjustment,
  type SettlementLine,
  type SettlementReport,
  type Tally,
} from './settlement.report';

/** A fact recorded after the previous close's cut for a day this close does not count itself. */
export interface LateCandidate extends LateAdjustment {
  readonly positionValue: bigint;
}

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
  private readonly candidates: LateCandidate[] = [];
  private position = 0n;

  /**
   * `days`: the days this close counts; `lateAfter`: the previous close's cut (R24), after which
   * facts of other, already closed days are late adjustments.
   */
  constructor(
    days: Iterable<BusinessDate>,
    private readonly lateAfter: bigint | null = null,
  ) {
    for (const day of days) this.days.set(day, new Map());
  }

  /** Takes the next event of `$all`; anything that is not a payment event is ignored. */
  add(event: {
    readonly type: string;
    readonly data: unknown;
    readonly position?: { readonly commit: bigint };
  }): void {
    if (event.position !== undefined) this.position = event.position.commit;
    if (!isPaymentEventType(event.type)) return;
    this.addPaymentEvent(event as PaymentEvent);
  }

  /**
   * The payment whose PaymentRequested this tally must be given before `event`, when `event` is a
   * completion whose request lies before the part of the log the close reads (a request made
   * days before its approval). Null otherwise.
   */
  requestNeededBy(event: { readonly type: string; readonly data: unknown }): string | null {
    if (event.type !== 'PaymentCompleted') return null;
    const { paymentId } = (event as Extract<PaymentEvent, { type: 'PaymentCompleted' }>).data;
    return this.pending.has(paymentId) ? null : paymentId;
  }

  /** The days of the facts recorded after `lateAfter` that this close does not count itself. */
  lateCandidateDays(): BusinessDate[] {
    return [...new Set(this.candidates.map((candidate) => candidate.businessDate))].sort();
  }

  /**
   * R24: the late adjustments among the candidates, given each day's cut (`cutOf`, null while a
   * day is not closed): a fact is late when its day closed before it was recorded.
   */
  lateAdjustments(cutOf: (day: BusinessDate) => bigint | null): LateAdjustment[] {
    return this.candidates
      .filter(({ businessDate, positionValue }) => {
        const cut = cutOf(businessDate);
        return cut !== null && cut < positionValue;
      })
      .map(({ positionValue: _, ...adjustment }) => adjustment);
  }

  report(day: BusinessDate, late: readonly LateAdjustment[] = []): SettlementReport {
    const lines = this.days.get(day);
    invariant(lines !== undefined, `${day} was not tallied`);
    const line = (key: string) => lines.get(key) ?? EMPTY_LINE;
    const total = line('total');
    const lateTotals = totalsOf(late);
    const dayNet = total.completed.amountKrw - total.cancelled.amountKrw;
    return {
      date: day,
      completed: total.completed,
      cancelled: total.cancelled,
      netAmountKrw: dayNet + lateTotals.netAmountKrw,
      lateAdjustments: late,
      lateAdjustmentTotals: lateTotals,
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
        if (lines === undefined)
          return this.maybeLate(paymentId, 'COMPLETED', amountKrw, completedOn);
        this.counted.set(paymentId, { day: completedOn, instrument, amountKrw });
        addTo(lines, instrument, 'completed', amountKrw);
        return;
      }
      case 'PaymentCancelled': {
        const { paymentId, completedOn, amountKrw } = event.data;
        const lines = this.days.get(completedOn);
        if (lines === undefined)
          return this.maybeLate(paymentId, 'CANCELLED', amountKrw, completedOn);
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
      case 'PaymentCancellationStarted':
      case 'PaymentApprovalVoidStarted':
      case 'PaymentApprovalVoided':
      case 'PaymentNeedsAttention':
        return;
      default:
        assertNever(event, 'payment event');
    }
  }

  private maybeLate(
    paymentId: string,
    type: LateAdjustment['type'],
    amountKrw: number,
    businessDate: BusinessDate,
  ): void {
    if (this.lateAfter === null || this.position <= this.lateAfter) return;
    assertKrw(amountKrw, 'Late adjustment');
    const position = this.position;
    this.candidates.push({
      paymentId,
      type,
      amountKrw,
      businessDate,
      position: position.toString(),
      positionValue: position,
    });
  }
}

function totalsOf(late: readonly LateAdjustment[]): {
  completed: Tally;
  cancelled: Tally;
  netAmountKrw: number;
} {
  let completed = ZERO_TALLY;
  let cancelled = ZERO_TALLY;
  for (const adjustment of late) {
    if (adjustment.type === 'COMPLETED') completed = plus(completed, adjustment.amountKrw);
    else cancelled = plus(cancelled, adjustment.amountKrw);
  }
  return { completed, cancelled, netAmountKrw: completed.amountKrw - cancelled.amountKrw };
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
