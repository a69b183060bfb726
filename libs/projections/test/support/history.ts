/**
 * A valid payment history, made by the ledger's own deciders from a deterministic context:
 * requests (members and guests, cards and transfers), completions, declines, expiries, refused
 * approvals, views, repayments with their view transfers (R12), cancellations that succeed or
 * fail at the PG (R13), late approvals, and unrelated events, spread over several KST months.
 */
import { DateTime } from 'luxon';
import type { EventData, JsonObject, JsonValue } from '@lib/event-store';
import {
  BANK_CODES,
  BUSINESS_ZONE,
  CARD_ISSUER_CODES,
  DEFAULT_LEDGER_POLICY,
  decidePayment,
  evolvePayment,
  initialPaymentState,
  isoInstant,
  paymentStreamId,
  planRepayment,
  viewTransferFor,
  PAYMENT_EVENT_SCHEMA_VERSIONS,
  type Payer,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
} from '@lib/ledger';
import { picker, seededRandom, type Pick } from './seeded-random';

export interface HistoryAppend {
  readonly streamId: string;
  readonly events: readonly EventData[];
}

export interface History {
  /** In the order they must be appended. */
  readonly appends: readonly HistoryAppend[];
  /** Every payment's state as the ledger folded it: what the read model must agree with. */
  readonly payments: ReadonlyMap<string, PaymentState>;
  /** The simulated clock after the last append. */
  readonly end: DateTime;
}

export interface HistoryOptions {
  readonly payments: number;
  readonly seed: number;
  /** KST wall clock of the first step (default 2026-08-03T08:00). */
  readonly start?: string;
}

export function generateHistory(options: HistoryOptions): History {
  const simulation = new Simulation(options);
  simulation.run();
  return { appends: simulation.appends, payments: simulation.states, end: simulation.now };
}

/** Appends the history in order (a memory store; see appendConcurrently for SQLite). */
export async function appendInOrder(
  store: { appendToStream(streamId: string, events: readonly EventData[]): Promise<unknown> },
  appends: readonly HistoryAppend[],
): Promise<void> {
  for (const { streamId, events } of appends) await store.appendToStream(streamId, events);
}

const COURTS = ['서울중앙지방법원', '수원지방법원', '부산고등법원'];
const MEMBERS = 50;
const GUESTS = 20;
/** Actions pick among the most recent payments, so that same-day rules (cancel, repay) come up. */
const RECENT = 12;

type Action = (pick: Pick) => void;

class Simulation {
  readonly appends: HistoryAppend[] = [];
  readonly states = new Map<string, PaymentState>();
  now: DateTime;
  private readonly pick: Pick;
  private readonly recent: string[] = [];
  private requested = 0;
  private noise = 0;
  private commandCount = 0;

  constructor(private readonly options: HistoryOptions) {
    this.pick = picker(seededRandom(options.seed));
    this.now = DateTime.fromISO(options.start ?? '2026-08-03T08:00', { zone: BUSINESS_ZONE });
  }

  run(): void {
    const actions: [number, Action][] = [
      [25, () => this.request()],
      [30, () => this.complete()],
      [3, () => this.decline()],
      [3, () => this.expire()],
      [15, () => this.view()],
      [8, () => this.cancel()],
      [5, () => this.repay()],
      [1, () => this.lateApproval()],
      [3, () => this.unrelated()],
    ];
    const total = actions.reduce((sum, [weight]) => sum + weight, 0);
    while (this.requested < this.options.payments) {
      this.now = this.now.plus(this.step());
      let roll = this.pick.int(total);
      for (const [weight, action] of actions) {
        roll -= weight;
        if (roll < 0) {
          action(this.pick);
          break;
        }
      }
    }
  }

  /** Mostly minutes (so transfers complete in time and same-day rules apply), now and then a night. */
  private step(): { minutes: number } {
    if (this.pick.chance(0.02)) return { minutes: 6 * 60 + this.pick.int(24 * 60) };
    return { minutes: 1 + this.pick.int(8) };
  }

  private request(): void {
    const paymentId = `pay-${String(this.requested).padStart(5, '0')}`;
    const card = this.pick.chance(0.6);
    const items = Array.from({ length: 1 + this.pick.int(4) }, (_, i) => ({
      court: this.pick.one(COURTS) ?? '서울중앙지방법원',
      caseNumber: `2024가합${i + 1}${this.pick.int(9999)}`,
    }));
    this.decide(paymentId, {
      type: 'RequestPayment',
      data: {
        paymentId,
        payer: this.payer(),
        method: card ? 'CARD' : 'BANK_TRANSFER',
        cardIssuer: card ? this.pick.one(CARD_ISSUER_CODES) : null,
        bankCode: card ? null : this.pick.one(BANK_CODES),
        items,
      },
    });
  }

  private payer(): Payer {
    if (this.pick.chance(0.7)) return { type: 'MEMBER', memberId: `m-${this.pick.int(MEMBERS)}` };
    const guest = this.pick.int(GUESTS);
    return {
      type: 'GUEST',
      verificationId: `ver-${guest}`,
      phoneKey: `hmac-sha256:phone-${guest % 8}`,
      passwordHash: `scrypt$guest-${guest}$${this.pick.int(2)}`,
    };
  }

  private complete(): void {
    const id = this.recentWith((state) => state.status === 'REQUESTED');
    const state = id === undefined ? undefined : this.states.get(id);
    if (id === undefined || state?.status !== 'REQUESTED') return;
    const mismatch = this.pick.chance(0.1);
    this.decide(id, {
      type: 'CompletePayment',
      data: {
        pgTransactionId: `pg-${id}`,
        approvedAmountKrw: state.amountKrw + (mismatch ? 1_000 : 0),
        approvedAt: isoInstant(this.now),
        certificateVerified: false,
        // R23: most repayments complete while their original can still be cancelled.
        ...(state.repaymentOf === null ? {} : { originalCancellable: this.pick.chance(0.9) }),
      },
    });
    const transfer = viewTransferFor(this.states.get(id) ?? state);
    if (transfer !== null) this.decide(transfer.originalPaymentId, transfer.command);
  }

  private decline(): void {
    const id = this.recentWith((state) => state.status === 'REQUESTED');
    if (id === undefined) return;
    this.decide(id, { type: 'FailPayment', data: { code: 'P001', message: '잔액이 부족합니다.' } });
  }

  private expire(): void {
    const id = this.recentWith((state) => state.status === 'REQUESTED' && state.expiresAt !== null);
    if (id !== undefined) this.decide(id, { type: 'ExpirePayment', data: {} });
  }

  private view(): void {
    const id = this.recentWith(
      (state) => state.status === 'COMPLETED' && state.items.some((item) => item.viewedAt === null),
    );
    const state = id === undefined ? undefined : this.states.get(id);
    if (id === undefined || state === undefined || state.status === 'NONE') return;
    const unviewed = state.items.filter((item) => item.viewedAt === null);
    const item = this.pick.one(unviewed);
    if (item) this.decide(id, { type: 'ViewJudgment', data: { itemId: item.itemId } });
  }

  private cancel(): void {
    const id = this.recentWith((state) => state.status === 'COMPLETED');
    if (id === undefined) return;
    const decision = this.decide(id, { type: 'CancelPayment', data: { settlementClosed: false } });
    if (!('gatewayCancellation' in decision) || decision.gatewayCancellation === undefined) return;
    const { cancellationId } = decision.gatewayCancellation;
    // Some cancellations stay at the PG (CANCELLING) when the history ends.
    if (this.pick.chance(0.1)) return;
    this.decide(
      id,
      this.pick.chance(0.75)
        ? {
            type: 'RecordCancellationSuccess',
            data: { cancellationId, pgCancelTransactionId: `pgc-${id}` },
          }
        : {
            type: 'RecordCancellationFailure',
            data: { cancellationId, pgCode: 'C001', pgMessage: '취소 거절' },
          },
    );
  }

  private repay(): void {
    const id = this.recentWith(
      (state) => state.status === 'COMPLETED' && state.items.some((item) => item.viewedAt !== null),
    );
    const original = id === undefined ? undefined : this.states.get(id);
    if (original === undefined) return;
    const paymentId = `pay-${String(this.requested).padStart(5, '0')}`;
    const request = { paymentId, method: 'CARD', cardIssuer: 'BC' };
    const plan = planRepayment(original, request, this.now, false);
    if (plan.command !== undefined) this.decide(paymentId, plan.command);
  }

  private lateApproval(): void {
    const id = this.recentWith((state) => state.status === 'FAILED');
    const state = id === undefined ? undefined : this.states.get(id);
    if (id === undefined || state?.status !== 'FAILED') return;
    const pgTransactionId = `pg-late-${id}-${this.commandCount}`;
    this.decide(id, {
      type: 'CompletePayment',
      data: {
        pgTransactionId,
        approvedAmountKrw: state.amountKrw,
        approvedAt: isoInstant(this.now),
        certificateVerified: false,
      },
    });
    // R22: most voids are answered at once; the rest stay pending when the history ends.
    if (this.pick.chance(0.7)) {
      this.decide(id, {
        type: 'RecordApprovalVoided',
        data: { pgTransactionId, pgVoidId: `void-${pgTransactionId}` },
      });
    }
  }

  private unrelated(): void {
    this.noise += 1;
    this.appends.push({
      streamId: `noise-${this.noise % 7}`,
      events: [{ type: 'NoiseRecorded', data: { n: this.noise } }],
    });
  }

  private recentWith(test: (state: PaymentState) => boolean): string | undefined {
    return this.pick.one(
      this.recent.filter((id) => test(this.states.get(id) ?? initialPaymentState)),
    );
  }

  private decide(paymentId: string, command: PaymentCommand): ReturnType<typeof decidePayment> {
    this.commandCount += 1;
    const before = this.states.get(paymentId) ?? initialPaymentState;
    let items = 0;
    const decision = decidePayment(command, before, {
      now: this.now,
      newId: () => `${paymentId}-i${++items}`,
      actor: { role: 'client', id: 'history' },
      policy: DEFAULT_LEDGER_POLICY,
    });
    if (decision.events.length === 0) return decision;
    this.states.set(paymentId, decision.events.reduce(evolvePayment, before));
    this.appends.push({
      streamId: paymentStreamId(paymentId),
      events: decision.events.map((event) => this.eventData(event)),
    });
    if (before.status === 'NONE') this.requestedPayment(paymentId);
    return decision;
  }

  private requestedPayment(paymentId: string): void {
    this.requested += 1;
    this.recent.push(paymentId);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  private eventData(event: PaymentEvent): EventData {
    const metadata: JsonObject = {
      correlationId: `c-${this.commandCount}`,
      causationId: `c-${this.commandCount}`,
      actor: { role: 'client', id: 'history' },
      occurredAt: isoInstant(this.now),
      schemaVersion: PAYMENT_EVENT_SCHEMA_VERSIONS[event.type],
    };
    // Event data is JSON by the ledger's contract; its interfaces just lack index signatures.
    return { type: event.type, data: event.data as unknown as JsonValue, metadata };
  }
}
