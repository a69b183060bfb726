/**
 * Shared fast-check arbitraries and model support for the property tests of the deciders
 * (`*.properties.spec.ts`, issue 13 point 3). Test support only: not exported from the library,
 * not built (tsconfig.build excludes test/).
 *
 * Nothing here reads the wall clock or a random source. A run's instants come from a generated
 * start shortly before a KST midnight and generated forward steps; its ids come from a counter. So
 * fast-check's seed replays a run exactly, and its shrinking reports a short, readable history.
 */
import fc from 'fast-check';
import type { DateTime } from 'luxon';
import { isoInstant, toBusinessTime, type IsoInstant } from '../business-time';
import type { Actor, DecisionContext } from '../context';
import type { Payer } from '../payer';
import { BANK_CODES, CARD_ISSUER_CODES, type BankCode, type CardIssuer } from '../payment-methods';
import { DEFAULT_LEDGER_POLICY, type LedgerPolicy } from '../policy';
import type { PaymentItemInput } from '../payment/payment.commands';
import { kst } from './decider-spec';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;

/**
 * Runs per property: `base` by default (the whole set stays within seconds), times
 * `LEDGER_PROPERTY_RUNS` when set, for a deeper search (`LEDGER_PROPERTY_RUNS=20 npx jest …`).
 */
export function runs(base: number): number {
  const factor = Number(process.env.LEDGER_PROPERTY_RUNS ?? '1');
  const scale = Number.isFinite(factor) && factor > 0 ? factor : 1;
  return Math.max(1, Math.round(base * scale));
}

/**
 * A broken invariant, named by its rule. Thrown inside a property, it makes fast-check shrink the
 * run and report the seed, the path and the smallest history that still breaks the rule.
 */
export class PropertyViolation extends Error {
  override readonly name = 'PropertyViolation';
}

export function holds(condition: unknown, rule: string, detail: () => string): asserts condition {
  if (!condition) throw new PropertyViolation(`${rule}: ${detail()}`);
}

/**
 * Proves a property can fail: run against a deliberately broken decider, fast-check must find a
 * counterexample, and the error must name the expected rule (not some unrelated crash).
 */
export function expectCounterexample<Ts>(
  property: fc.IProperty<Ts>,
  rule: RegExp,
  numRuns: number,
): void {
  const details = fc.check(property, { numRuns, endOnFailure: true });
  expect(details.failed).toBe(true);
  expect(String(details.errorInstance)).toMatch(rule);
}

// ---------------------------------------------------------------------------------------------
// Time: a start shortly before a KST midnight, and steps that only move forward.

const FIRST_MIDNIGHT = kst('2026-12-02T00:00');

/**
 * A run's first instant: up to two hours before one of 136 KST midnights from 2026-12-02 on, to
 * the millisecond, so most runs cross a business day. Shrinks towards 2026-12-01T23:59:59.999 KST.
 */
export const startInstant: fc.Arbitrary<IsoInstant> = fc
  .tuple(fc.integer({ min: 0, max: 135 }), fc.integer({ min: 1, max: 2 * HOUR_MS }))
  .map(([days, msBefore]) =>
    isoInstant(FIRST_MIDNIGHT.plus({ days }).minus({ milliseconds: msBefore })),
  );

/**
 * How far the clock moves between two commands, in milliseconds: never backwards; often not at
 * all or by seconds; often by whole minutes (the 15-minute window and the 10-minute patience lie
 * there, and whole minutes land exactly on them); sometimes by hours, past midnight. Each branch
 * shrinks towards its smallest step.
 */
export const clockStepMs: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 90 * SECOND_MS }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map((minutes) => minutes * MINUTE_MS) },
  { weight: 1, arbitrary: fc.constantFrom(1, 999, MINUTE_MS - 1) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map((hours) => hours * HOUR_MS) },
);

export const SYSTEM: Actor = { role: 'system', id: 'property-test' };

/**
 * The model's clock and id source. `now` only moves forward (`advance`); ids are `<prefix>1`,
 * `<prefix>2`, … from one counter per run, so every id a run makes is distinct.
 */
export class ModelClock {
  private instant: DateTime;
  private lastId = 0;

  constructor(
    start: IsoInstant,
    readonly policy: LedgerPolicy = DEFAULT_LEDGER_POLICY,
    private readonly idPrefix = 'id-',
  ) {
    this.instant = toBusinessTime(start);
  }

  get now(): DateTime {
    return this.instant;
  }

  advance(ms: number): void {
    holds(Number.isSafeInteger(ms) && ms >= 0, 'model clock', () => `a step of ${ms} ms`);
    this.instant = this.instant.plus({ milliseconds: ms });
  }

  newId(): string {
    this.lastId += 1;
    return `${this.idPrefix}${this.lastId}`;
  }

  /** The context of a decision made now (or `lagMs` earlier, by a process whose clock lags). */
  ctx(actor: Actor = SYSTEM, lagMs = 0): DecisionContext {
    return {
      now: lagMs === 0 ? this.instant : this.instant.minus({ milliseconds: lagMs }),
      newId: () => this.newId(),
      actor,
      policy: this.policy,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Payers, judgments, methods, policies.

const MEMBER_IDS = ['m-1001', 'm-2002'] as const;
const VERIFICATION_IDS = ['ver-7f3a', 'ver-19c2'] as const;

export const memberArb: fc.Arbitrary<Payer> = fc
  .constantFrom(...MEMBER_IDS)
  .map((memberId) => ({ type: 'MEMBER', memberId }));

/** A guest as the domain sees one: an opaque verification id, a phone KEY, a password HASH. */
export const guestArb: fc.Arbitrary<Payer> = fc
  .constantFrom(...VERIFICATION_IDS)
  .map((verificationId): Payer => ({
    type: 'GUEST',
    verificationId,
    phoneKey: `hmac-sha256:${verificationId}`,
    passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
  }));

export const payerArb: fc.Arbitrary<Payer> = fc.oneof(memberArb, guestArb);

const COURTS = ['서울중앙지방법원', '부산지방법원', '대전고등법원'] as const;
const CASE_TYPES = ['가합', '가단', '고단', '나', '드합'] as const;

/** One judgment (R2): a court and a case number `2024가합12345`. */
export const judgmentArb: fc.Arbitrary<PaymentItemInput> = fc
  .record({
    court: fc.constantFrom(...COURTS),
    year: fc.integer({ min: 2015, max: 2026 }),
    caseType: fc.constantFrom(...CASE_TYPES),
    serial: fc.integer({ min: 1, max: 9_999_999 }),
  })
  .map(({ court, year, caseType, serial }) => ({
    court,
    caseNumber: `${year}${caseType}${serial}`,
  }));

/** Distinct judgments (R2: the same judgment twice in one payment is a validation error). */
export function judgmentsArb(
  constraints: { readonly minLength?: number; readonly maxLength: number } = { maxLength: 6 },
): fc.Arbitrary<PaymentItemInput[]> {
  return fc.uniqueArray(judgmentArb, {
    minLength: constraints.minLength ?? 1,
    maxLength: constraints.maxLength,
    selector: ({ court, caseNumber }) => `${court}|${caseNumber}`,
  });
}

/** How the HTTP body names the method (R1): an issuer for a card, a bank code for a transfer. */
export type MethodInput =
  | { readonly method: 'CARD'; readonly cardIssuer: CardIssuer }
  | { readonly method: 'BANK_TRANSFER'; readonly bankCode: BankCode };

export const cardArb: fc.Arbitrary<MethodInput> = fc
  .constantFrom(...CARD_ISSUER_CODES)
  .map((cardIssuer) => ({ method: 'CARD', cardIssuer }));

export const transferArb: fc.Arbitrary<MethodInput> = fc
  .constantFrom(...BANK_CODES)
  .map((bankCode) => ({ method: 'BANK_TRANSFER', bankCode }));

export const methodArb: fc.Arbitrary<MethodInput> = fc.oneof(cardArb, transferArb);

/** The fields of RequestPayment's data that name the method. */
export function methodFields(input: MethodInput): {
  method: string;
  cardIssuer: string | null;
  bankCode: string | null;
} {
  return input.method === 'CARD'
    ? { method: 'CARD', cardIssuer: input.cardIssuer, bankCode: null }
    : { method: 'BANK_TRANSFER', cardIssuer: null, bankCode: input.bankCode };
}

/**
 * Operator policies (R2, R3, R5, R6): mostly the FAQ's defaults, sometimes any sound value, so the
 * certificate threshold, the item limit and the window are met by small payments too. Shrinks
 * towards DEFAULT_LEDGER_POLICY.
 */
export const policyArb: fc.Arbitrary<LedgerPolicy> = fc.record({
  feePerJudgmentKrw: fc.oneof(
    { weight: 3, arbitrary: fc.constant(DEFAULT_LEDGER_POLICY.feePerJudgmentKrw) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
  ),
  maxItemsPerPayment: fc.oneof(
    { weight: 6, arbitrary: fc.constant(DEFAULT_LEDGER_POLICY.maxItemsPerPayment) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) },
  ),
  pendingTransferWindowMinutes: fc.oneof(
    { weight: 3, arbitrary: fc.constant(DEFAULT_LEDGER_POLICY.pendingTransferWindowMinutes) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }) },
  ),
  certificateThresholdKrw: fc.record({
    CARD: fc.oneof(
      fc.constant<number | null>(300_000),
      fc.constant<number | null>(null),
      fc.integer({ min: 0, max: 20_000 }),
    ),
    BANK_TRANSFER: fc.oneof(
      { weight: 3, arbitrary: fc.constant<number | null>(null) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 20_000 }) },
    ),
  }),
});

// ---------------------------------------------------------------------------------------------
// Streams as the event store keeps them.

/**
 * One stream that, like the event store, appends only at the revision the writer decided on: a
 * writer that decided on a stale state loses and must load and decide again (the command loop).
 */
export class ModelStream<Event> {
  readonly events: Event[] = [];

  /** Appends when the stream still has `expectedLength` events; false (nothing written) if not. */
  append(expectedLength: number, events: readonly Event[]): boolean {
    if (this.events.length !== expectedLength) return false;
    this.events.push(...events);
    return true;
  }

  fold<State>(evolve: (state: State, event: Event) => State, initial: State): State {
    return this.events.reduce(evolve, initial);
  }
}
