/**
 * R18 at volume: 1,200 payments decided by the real payment decider around one KST day (cards of
 * every issuer, transfers of every bank, failures, pending ones, views, same-day cancellations,
 * completions at 23:59:59.999 and 00:00:00.000) are written to the store; the close's report must
 * equal an independent recomputation that folds every payment stream on its own.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { NO_STREAM, type EventStore, type JsonValue } from '@lib/event-store';
import {
  BANK_CODES,
  BUSINESS_ZONE,
  CARD_ISSUER_CODES,
  DEFAULT_LEDGER_POLICY,
  PAYMENT_EVENT_SCHEMA_VERSIONS,
  decidePayment,
  evolvePayment,
  foldPayment,
  initialPaymentState,
  isoInstant,
  isPaymentEventType,
  paymentStreamId,
  type DecisionContext,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
} from '@lib/ledger';
import { startTestApp, type TestApp } from './support/test-app';
import {
  NO_LATE_ADJUSTMENTS,
  closedReport,
  type SettlementBody,
  type SettlementLine,
} from './support/settlement-fixtures';

const DAY = '2026-12-01';
const DAY_BEFORE = '2026-11-30';
const PAYMENTS = 1_200;

/** A small seeded generator (mulberry32): the same day every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = seeded(20261201);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const kst = (wallClock: string) => DateTime.fromISO(wallClock, { zone: BUSINESS_ZONE });

function ctxAt(now: DateTime): DecisionContext {
  return {
    now,
    newId: randomUUID,
    actor: { role: 'client', id: 'generator' },
    policy: DEFAULT_LEDGER_POLICY,
  };
}

/** One payment's life, decided step by step by the real decider. */
class GeneratedPayment {
  readonly paymentId = randomUUID();
  state: PaymentState = initialPaymentState;
  readonly history: { event: PaymentEvent; at: DateTime }[] = [];

  decide(command: PaymentCommand, at: DateTime): PaymentEvent[] {
    const decision = decidePayment(command, this.state, ctxAt(at));
    for (const event of decision.events) {
      this.state = evolvePayment(this.state, event);
      this.history.push({ event, at });
    }
    return [...decision.events];
  }
}

/** When the payment is requested and how long until the PG answers. */
function timing(): { requestedAt: DateTime; completedAt: DateTime } {
  const roll = random();
  if (roll < 0.05) {
    return { requestedAt: kst(`${DAY}T23:59:00`), completedAt: kst(`${DAY}T23:59:59.999`) };
  }
  if (roll < 0.1) {
    return { requestedAt: kst(`${DAY}T23:59:30`), completedAt: kst('2026-12-02T00:00:00.000') };
  }
  if (roll < 0.15) {
    return { requestedAt: kst(`${DAY_BEFORE}T23:59:50`), completedAt: kst(`${DAY}T00:00:00.000`) };
  }
  if (roll < 0.2) {
    const requestedAt = kst(`${DAY_BEFORE}T12:00`).plus({ seconds: Math.floor(random() * 43_000) });
    return { requestedAt, completedAt: requestedAt.plus({ seconds: 30 }) };
  }
  const requestedAt = kst(`${DAY}T00:00`).plus({ seconds: Math.floor(random() * 86_000) });
  return { requestedAt, completedAt: requestedAt.plus({ seconds: Math.floor(random() * 300) }) };
}

function generate(): GeneratedPayment[] {
  const payments: GeneratedPayment[] = [];
  for (let index = 0; index < PAYMENTS; index += 1) {
    const payment = new GeneratedPayment();
    const card = random() < 0.6;
    const items = 1 + Math.floor(random() * 5);
    const { requestedAt, completedAt } = timing();
    payment.decide(
      {
        type: 'RequestPayment',
        data: {
          paymentId: payment.paymentId,
          payer: { type: 'MEMBER', memberId: `m-${index}` },
          method: card ? 'CARD' : 'BANK_TRANSFER',
          cardIssuer: card ? pick(CARD_ISSUER_CODES) : null,
          bankCode: card ? null : pick(BANK_CODES),
          items: Array.from({ length: items }, (_, i) => ({
            court: '서울중앙지방법원',
            caseNumber: `2024가합${index * 10 + i + 1}`,
          })),
        },
      },
      requestedAt,
    );
    const outcome = random();
    if (outcome < 0.08) {
      payment.decide(
        { type: 'FailPayment', data: { code: 'P001', message: '잔액 부족' } },
        completedAt,
      );
    } else if (outcome > 0.92) {
      // left REQUESTED: never charged (R4)
    } else {
      payment.decide(
        {
          type: 'CompletePayment',
          data: {
            pgTransactionId: `pg-${index}`,
            approvedAmountKrw: items * DEFAULT_LEDGER_POLICY.feePerJudgmentKrw,
            approvedAt: isoInstant(completedAt),
            certificateVerified: false,
          },
        },
        completedAt,
      );
    }
    payments.push(payment);
  }
  return payments;
}

/** Later the same day: some payers view a judgment, some cancel (through CancelPayment first). */
function afterwards(payment: GeneratedPayment): void {
  if (payment.state.status !== 'COMPLETED') return;
  const completedAt = kst(payment.state.completion.completedAt);
  const endOfDay = completedAt.endOf('day');
  const later = DateTime.min(completedAt.plus({ minutes: Math.floor(random() * 30) }), endOfDay);
  const roll = random();
  if (roll < 0.1) {
    payment.decide(
      { type: 'ViewJudgment', data: { itemId: payment.state.items[0]!.itemId } },
      later,
    );
  } else if (roll < 0.35) {
    const [started] = payment.decide(
      { type: 'CancelPayment', data: { settlementClosed: false } },
      later,
    );
    expect(started?.type).toBe('PaymentCancellationStarted');
    const { cancellationId } = (
      started as Extract<PaymentEvent, { type: 'PaymentCancellationStarted' }>
    ).data;
    payment.decide(
      {
        type: 'RecordCancellationSuccess',
        data: { cancellationId, pgCancelTransactionId: `pgc-${payment.paymentId}` },
      },
      roll < 0.15 ? endOfDay : later, // some at 23:59:59.999
    );
  }
}

async function append(store: EventStore, payment: GeneratedPayment, from: number): Promise<void> {
  const events = payment.history.slice(from);
  if (events.length === 0) return;
  await store.appendToStream(
    paymentStreamId(payment.paymentId),
    events.map(({ event, at }) => ({
      type: event.type,
      data: event.data as unknown as JsonValue,
      metadata: {
        occurredAt: isoInstant(at),
        schemaVersion: PAYMENT_EVENT_SCHEMA_VERSIONS[event.type],
        actor: { role: 'client', id: 'generator' },
      },
    })),
    { expectedRevision: from === 0 ? NO_STREAM : BigInt(from - 1) },
  );
}

/** The report recomputed from the log without the settlement code: fold every payment stream. */
async function recompute(
  store: EventStore,
  day: string,
): Promise<Omit<SettlementBody, 'closedAt' | 'digest'>> {
  const streams = new Map<string, PaymentEvent[]>();
  for (const recorded of await store.readAll()) {
    if (!recorded.streamId.startsWith('payment-') || !isPaymentEventType(recorded.type)) continue;
    const events = streams.get(recorded.streamId) ?? [];
    events.push({ type: recorded.type, data: recorded.data } as PaymentEvent);
    streams.set(recorded.streamId, events);
  }
  const empty = (): SettlementLine => ({
    completed: { count: 0, amount: 0 },
    cancelled: { count: 0, amount: 0 },
  });
  const total = empty();
  const byMethod = { CARD: empty(), BANK_TRANSFER: empty() };
  const byIssuer: Record<string, SettlementLine> = {};
  const byBank: Record<string, SettlementLine> = {};
  for (const events of streams.values()) {
    const state = foldPayment(events);
    if (state.status !== 'COMPLETED' && state.status !== 'CANCELLED') continue;
    if (state.completion.completedOn !== day) continue;
    const { instrument } = state;
    const lines = [
      total,
      byMethod[instrument.method],
      instrument.method === 'CARD'
        ? (byIssuer[instrument.cardIssuer] ??= empty())
        : (byBank[instrument.bankCode] ??= empty()),
    ];
    for (const line of lines) {
      line.completed.count += 1;
      line.completed.amount += state.amountKrw;
      if (state.status === 'CANCELLED') {
        line.cancelled.count += 1;
        line.cancelled.amount += state.amountKrw;
      }
    }
  }
  return {
    date: day,
    closed: true,
    ...total,
    netAmount: total.completed.amount - total.cancelled.amount,
    byMethod,
    byIssuer,
    byBank,
    // Everything is recorded before the close: nothing is late (R24).
    lateAdjustments: [],
    lateAdjustmentTotals: NO_LATE_ADJUSTMENTS,
  };
}

describe('R18 the report of a generated day equals an independent recomputation from the log', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-02T00:10:00+09:00' });
    const payments = generate();
    const written = new Map(payments.map((payment) => [payment, payment.history.length]));
    // First the requests and PG results, then (shuffled) the views and cancellations, so that
    // cancellations sit in `$all` far from their payments, as they do in life.
    for (let i = 0; i < payments.length; i += 200) {
      await Promise.all(payments.slice(i, i + 200).map((payment) => append(t.store, payment, 0)));
    }
    const later = [...payments].sort(() => random() - 0.5);
    for (const payment of later) afterwards(payment);
    for (let i = 0; i < later.length; i += 200) {
      await Promise.all(
        later.slice(i, i + 200).map((payment) => append(t.store, payment, written.get(payment)!)),
      );
    }
  });

  afterAll(() => t.close());

  it.each([DAY_BEFORE, DAY])('closes %s with exactly the recomputed totals', async (day) => {
    const report = await closedReport(t, day);
    const expected = await recompute(t.store, day);
    // The seal's root is checked against the log in test/audit-digests.e2e-spec.ts.
    expect(report).toEqual({
      ...expected,
      closedAt: report.closedAt,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The day is busy enough to mean something.
    expect(report.completed.count).toBeGreaterThan(day === DAY ? 500 : 50);
    expect(report.cancelled.count).toBeGreaterThan(day === DAY ? 100 : 10);
  });

  it('adds up: methods, issuers plus banks, and net equal the totals', async () => {
    const report = (await t.get('auditor', `/v1/settlements/${DAY}`)).body as SettlementBody;
    const sum = (lines: SettlementLine[], side: 'completed' | 'cancelled') =>
      lines.reduce(
        (acc, line) => ({
          count: acc.count + line[side].count,
          amount: acc.amount + line[side].amount,
        }),
        { count: 0, amount: 0 },
      );
    const byMethod = Object.values(report.byMethod);
    const byInstitution = [...Object.values(report.byIssuer), ...Object.values(report.byBank)];
    for (const side of ['completed', 'cancelled'] as const) {
      expect(sum(byMethod, side)).toEqual(report[side]);
      expect(sum(byInstitution, side)).toEqual(report[side]);
    }
    expect(report.netAmount).toBe(report.completed.amount - report.cancelled.amount);
    expect(Number.isSafeInteger(report.netAmount)).toBe(true);
  });
});
