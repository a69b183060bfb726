/**
 * A realistic payment log for the rows that need one (rebuild, settlement close, member list),
 * made step by step by the ledger's own deciders: requests by members and guests (cards and
 * transfers), approvals (some of the wrong amount, so refused and voided), declines, expiries,
 * views, repayments with their view transfers, and cancellations the PG accepts, refuses or has
 * not answered yet. Every event carries the metadata the command side writes (correlation,
 * actor, occurredAt, schema version) and its stream's hash chain (prevHash, hash), so the store
 * holds what a running service would write for the payment streams. Memory stays bounded: only
 * recent payments are remembered, so a history of millions of events streams into the store.
 */
import { eventHash } from '@lib/audit';
import { NO_STREAM, type EventData, type JsonObject, type JsonValue } from '@lib/event-store';
import {
  BANK_CODES,
  CARD_ISSUER_CODES,
  DEFAULT_LEDGER_POLICY,
  PAYMENT_EVENT_SCHEMA_VERSIONS,
  decidePayment,
  evolvePayment,
  initialPaymentState,
  isoInstant,
  paymentStreamId,
  planRepayment,
  viewTransferFor,
  type Payer,
  type PaymentCommand,
  type PaymentDecision,
  type PaymentEvent,
  type PaymentState,
} from '@lib/ledger';
import type { DateTime } from 'luxon';
import { SeededRandom } from './seeded-random';

export interface HistoryAppend {
  readonly streamId: string;
  readonly expectedRevision: bigint | typeof NO_STREAM;
  readonly events: readonly EventData[];
}

export interface PaymentHistoryOptions {
  readonly seed: number;
  /** The simulated instant of the first step (KST). */
  readonly start: DateTime;
  /** Mean simulated time between steps. */
  readonly stepMs: number;
  /** Member ids are `<prefix>-m-0` … `<prefix>-m-<members - 1>`. */
  readonly members: number;
  /** Share of payments made by members; guests make the rest (default 0.8). */
  readonly memberShare?: number;
  /** Makes payment ids unique when several histories share one store. */
  readonly prefix: string;
}

const COURTS = ['서울중앙지방법원', '수원지방법원', '부산고등법원', '대전지방법원'];
const GUESTS = 500;
/** Actions pick among the latest payments, so same-day rules (cancel, repay) come up. */
const RECENT = 12;
/** Payments remembered after they leave RECENT (a repayment's original must still be known). */
const REMEMBERED = 4_096;

type Action = () => void;

/** Steps of the simulation per requested payment, on average (for sizing a history). */
export const STEPS_PER_PAYMENT = 100 / 26;

export class PaymentHistory {
  /** Payments requested so far (repayments included). */
  payments = 0;
  /** Events made so far. */
  events = 0;
  now: DateTime;
  private readonly random: SeededRandom;
  private readonly states = new Map<string, PaymentState>();
  private readonly chains = new Map<string, { revision: bigint; hash: string }>();
  private readonly recent: string[] = [];
  private readonly actions: readonly (readonly [number, Action])[];
  private appends: HistoryAppend[] = [];

  constructor(private readonly options: PaymentHistoryOptions) {
    this.random = new SeededRandom(options.seed);
    this.now = options.start;
    this.actions = [
      [26, () => this.request()],
      [30, () => this.complete()],
      [3, () => this.decline()],
      [3, () => this.expire()],
      [20, () => this.view()],
      [10, () => this.cancel()],
      [6, () => this.repay()],
      [2, () => this.lateApproval()],
    ];
  }

  /** One step of simulated time and one action; the appends it made, in order. */
  step(): HistoryAppend[] {
    this.appends = [];
    const jitter = 0.5 + this.random.next();
    this.now = this.now.plus({
      milliseconds: Math.max(1, Math.round(this.options.stepMs * jitter)),
    });
    let roll = this.random.int(100);
    for (const [weight, action] of this.actions) {
      roll -= weight;
      if (roll < 0) {
        action();
        break;
      }
    }
    return this.appends;
  }

  private request(): void {
    const paymentId = `${this.options.prefix}-${this.payments}`;
    const card = this.random.chance(0.7);
    const items = Array.from({ length: 1 + this.random.int(3) }, () => ({
      court: this.random.one(COURTS) ?? '서울중앙지방법원',
      caseNumber: `20${20 + this.random.int(6)}가합${10_000 + this.random.int(90_000)}`,
    }));
    this.decide(paymentId, {
      type: 'RequestPayment',
      data: {
        paymentId,
        payer: this.payer(),
        method: card ? 'CARD' : 'BANK_TRANSFER',
        cardIssuer: card ? this.random.one(CARD_ISSUER_CODES) : null,
        bankCode: card ? null : this.random.one(BANK_CODES),
        items,
      },
    });
  }

  private payer(): Payer {
    if (this.random.chance(this.options.memberShare ?? 0.8)) {
      return {
        type: 'MEMBER',
        memberId: `${this.options.prefix}-m-${this.random.int(this.options.members)}`,
      };
    }
    const guest = this.random.int(GUESTS);
    return {
      type: 'GUEST',
      verificationId: `ver-${this.options.prefix}-${guest}`,
      phoneKey: `hmac-sha256:${this.random.uuid()}`,
      passwordHash: `scrypt$${this.random.uuid()}$${this.random.uuid()}`,
    };
  }

  private complete(): void {
    const id = this.recentWith((state) => state.status === 'REQUESTED');
    const state = id === undefined ? undefined : this.states.get(id);
    if (id === undefined || state?.status !== 'REQUESTED') return;
    const wrongAmount = this.random.chance(0.03);
    this.decide(id, {
      type: 'CompletePayment',
      data: {
        pgTransactionId: `pg-${id}`,
        approvedAmountKrw: state.amountKrw + (wrongAmount ? 1_000 : 0),
        approvedAt: isoInstant(this.now),
        certificateVerified: false,
        ...(state.repaymentOf === null ? {} : { originalCancellable: true }),
      },
    });
    const completed = this.states.get(id);
    const transfer = completed === undefined ? null : viewTransferFor(completed);
    if (transfer !== null && this.states.has(transfer.originalPaymentId)) {
      this.decide(transfer.originalPaymentId, transfer.command);
    }
  }

  private decline(): void {
    const id = this.recentWith((state) => state.status === 'REQUESTED');
    if (id !== undefined) {
      this.decide(id, {
        type: 'FailPayment',
        data: { code: 'P001', message: '잔액이 부족합니다.' },
      });
    }
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
    const item = this.random.one(state.items.filter((candidate) => candidate.viewedAt === null));
    if (item !== undefined)
      this.decide(id, { type: 'ViewJudgment', data: { itemId: item.itemId } });
  }

  private cancel(): void {
    const id = this.recentWith((state) => state.status === 'COMPLETED');
    if (id === undefined) return;
    const decision = this.decide(id, { type: 'CancelPayment', data: { settlementClosed: false } });
    const cancellation =
      'gatewayCancellation' in decision ? decision.gatewayCancellation : undefined;
    // One in ten is still at the PG when the history ends (CANCELLING).
    if (cancellation === undefined || this.random.chance(0.1)) return;
    const { cancellationId } = cancellation;
    this.decide(
      id,
      this.random.chance(0.8)
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
    const paymentId = `${this.options.prefix}-${this.payments}`;
    const plan = planRepayment(
      original,
      { paymentId, method: 'CARD', cardIssuer: 'BC' },
      this.now,
      false,
    );
    if (plan.command !== undefined) this.decide(paymentId, plan.command);
  }

  /** R22: the PG approves a payment the ledger already failed; the approval is voided. */
  private lateApproval(): void {
    const id = this.recentWith((state) => state.status === 'FAILED');
    const state = id === undefined ? undefined : this.states.get(id);
    if (id === undefined || state?.status !== 'FAILED') return;
    const pgTransactionId = `pg-late-${id}-${this.events}`;
    this.decide(id, {
      type: 'CompletePayment',
      data: {
        pgTransactionId,
        approvedAmountKrw: state.amountKrw,
        approvedAt: isoInstant(this.now),
        certificateVerified: false,
      },
    });
    this.decide(id, {
      type: 'RecordApprovalVoided',
      data: { pgTransactionId, pgVoidId: `void-${pgTransactionId}` },
    });
  }

  private recentWith(test: (state: PaymentState) => boolean): string | undefined {
    return this.random.one(
      this.recent.filter((id) => test(this.states.get(id) ?? initialPaymentState)),
    );
  }

  private decide(paymentId: string, command: PaymentCommand): PaymentDecision {
    const before = this.states.get(paymentId) ?? initialPaymentState;
    const actor = { role: 'client', id: 'bench' } as const;
    const decision = decidePayment(command, before, {
      now: this.now,
      newId: () => this.random.uuid(),
      actor,
      policy: DEFAULT_LEDGER_POLICY,
    });
    if (decision.events.length === 0) return decision;
    this.states.set(paymentId, decision.events.reduce(evolvePayment, before));
    this.appends.push(this.chained(paymentStreamId(paymentId), decision.events));
    if (before.status === 'NONE') this.remember(paymentId);
    return decision;
  }

  /** The events with the command side's metadata and the stream's hash chain. */
  private chained(streamId: string, events: readonly PaymentEvent[]): HistoryAppend {
    const chain = this.chains.get(streamId);
    const expectedRevision = chain === undefined ? NO_STREAM : chain.revision;
    let revision = chain === undefined ? 0n : chain.revision + 1n;
    let prevHash: string | null = chain?.hash ?? null;
    const correlationId = this.random.uuid();
    const data = events.map((event) => {
      const metadata: JsonObject = {
        correlationId,
        causationId: correlationId,
        $correlationId: correlationId,
        $causationId: correlationId,
        actor: { role: 'client', id: 'bench' },
        occurredAt: isoInstant(this.now),
        schemaVersion: PAYMENT_EVENT_SCHEMA_VERSIONS[event.type],
      };
      // Event data is JSON by the ledger's contract; its interfaces lack index signatures.
      const json = event.data as unknown as JsonValue;
      const hash = eventHash(
        { streamId, revision, type: event.type, data: json, metadata },
        prevHash,
      );
      const recorded: EventData = {
        type: event.type,
        data: json,
        metadata: { ...metadata, prevHash, hash },
      };
      prevHash = hash;
      revision += 1n;
      return recorded;
    });
    this.chains.set(streamId, { revision: revision - 1n, hash: prevHash ?? '' });
    this.events += data.length;
    return { streamId, expectedRevision, events: data };
  }

  private remember(paymentId: string): void {
    this.payments += 1;
    this.recent.push(paymentId);
    if (this.recent.length > RECENT) this.recent.shift();
    if (this.states.size <= REMEMBERED) return;
    const oldest = this.states.keys().next().value;
    if (oldest === undefined) return;
    this.states.delete(oldest);
    this.chains.delete(paymentStreamId(oldest));
  }
}
