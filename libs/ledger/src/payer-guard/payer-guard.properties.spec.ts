/**
 * Property-based tests of the payer guard (R6, issue 13 point 3), model-based: two payers request
 * card payments and bank transfers (sometimes two at once, racing on the guard stream's expected
 * revision), the PG approves or declines them, the sweep expires them, releases are sometimes lost
 * (a crash after the outcome), and the clock moves forward across KST midnight. The command side
 * is modelled as NewPayments does it: the hold is taken BEFORE the PaymentRequested is written, and
 * a refused hold writes no payment. On failure fast-check prints the seed and the shrunk history.
 */
import fc from 'fast-check';
import { isoInstant, toBusinessTime } from '../business-time';
import type { DecisionContext } from '../context';
import type { Payer } from '../payer';
import { payerKeyOf } from '../payer';
import type { PaymentCommand } from '../payment/payment.commands';
import { decide as decidePayment } from '../payment/payment.decide';
import type { PaymentEvent } from '../payment/payment.events';
import { foldPayment, type PaymentState } from '../payment/payment.state';
import {
  MINUTE_MS,
  ModelClock,
  ModelStream,
  clockStepMs,
  expectCounterexample,
  guestArb,
  holds,
  memberArb,
  methodArb,
  methodFields,
  policyArb,
  runs,
  startInstant,
  transferArb,
  type MethodInput,
} from '../test/arbitraries';
import type { LedgerPolicy } from '../policy';
import type { PayerGuardCommand } from './payer-guard.commands';
import { decidePayerGuard, type PayerGuardDecision } from './payer-guard.decide';
import type { PayerGuardEvent } from './payer-guard.events';
import { pendingTransferHoldFor, pendingTransferReleaseFor } from './payer-guard.links';
import {
  evolvePayerGuard,
  initialPayerGuardState,
  type PayerGuardState,
} from './payer-guard.state';

const RUNS = runs(300);
const BROKEN_RUNS = runs(1_000);

type Action =
  | { readonly kind: 'tick'; readonly ms: number }
  /** A payer asks to pay; with `racer`, a second request of the same payer arrives at once. */
  | {
      readonly kind: 'request';
      readonly payer: number;
      readonly method: MethodInput;
      readonly racer: MethodInput | null;
    }
  | { readonly kind: 'approve'; readonly which: number; readonly loseRelease: boolean }
  | { readonly kind: 'decline'; readonly which: number; readonly loseRelease: boolean }
  | { readonly kind: 'sweep'; readonly loseRelease: boolean };

interface Scenario {
  readonly policy: LedgerPolicy;
  readonly start: string;
  readonly payers: readonly [Payer, Payer];
  readonly actions: readonly Action[];
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: clockStepMs.map((ms) => ({ kind: 'tick' as const, ms })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      payer: fc.nat({ max: 1 }),
      // Mostly transfers: cards take no hold (R6 is about transfers) and only add noise.
      method: fc.oneof({ weight: 3, arbitrary: transferArb }, { weight: 1, arbitrary: methodArb }),
      racer: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: transferArb },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constantFrom('approve' as const, 'decline' as const),
      which: fc.nat({ max: 5 }),
      loseRelease: fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sweep' as const), loseRelease: fc.boolean() }),
  },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  policy: policyArb,
  start: startInstant,
  payers: fc.tuple(memberArb, guestArb),
  actions: fc.array(actionArb, { maxLength: 30, size: 'max' }),
});

type DecideGuard = typeof decidePayerGuard;

/** How the command side appends a decision: with the expected revision (true) or blindly (a bug). */
interface Options {
  readonly decideGuard: DecideGuard;
  readonly expectedRevision: boolean;
}

const REAL: Options = { decideGuard: decidePayerGuard, expectedRevision: true };

/** What a run observed: after every action, the world, for the invariants to look at. */
interface Observation {
  readonly now: string;
  /** Per payer key: the transfers REQUESTED and before their deadline. */
  readonly livePending: ReadonlyMap<string, readonly string[]>;
}

interface Refusal {
  readonly now: number;
  readonly retryAfter: number;
  readonly windowMinutes: number;
}

interface Run {
  readonly observations: readonly Observation[];
  readonly refusals: readonly Refusal[];
}

class World {
  readonly clock: ModelClock;
  readonly guards = new Map<string, ModelStream<PayerGuardEvent>>();
  readonly payments = new Map<string, PaymentEvent[]>();
  readonly refusals: Refusal[] = [];
  private lastPayment = 0;

  constructor(
    readonly scenario: Scenario,
    private readonly options: Options,
  ) {
    this.clock = new ModelClock(scenario.start, scenario.policy, 'item-');
  }

  ctx(): DecisionContext {
    return this.clock.ctx({ role: 'client', id: 'viewing-site' });
  }

  guard(payerKey: string): ModelStream<PayerGuardEvent> {
    let stream = this.guards.get(payerKey);
    if (stream === undefined) {
      stream = new ModelStream<PayerGuardEvent>();
      this.guards.set(payerKey, stream);
    }
    return stream;
  }

  state(paymentId: string): PaymentState {
    return foldPayment(this.payments.get(paymentId) ?? []);
  }

  /** Several requests of one payer at the same instant (NewPayments.open, racing). */
  request(payer: Payer, methods: readonly MethodInput[]): void {
    const ctx = this.ctx();
    const opened = methods.map((method) => {
      this.lastPayment += 1;
      const command: PaymentCommand = {
        type: 'RequestPayment',
        data: {
          paymentId: `pay-${this.lastPayment}`,
          payer,
          ...methodFields(method),
          items: [{ court: '서울중앙지방법원', caseNumber: `2024가합${this.lastPayment}` }],
        },
      };
      const decision = decidePayment(command, foldPayment([]), ctx);
      const [requested] = decision.events;
      holds(requested?.type === 'PaymentRequested', 'request', () => JSON.stringify(decision));
      return requested;
    });
    // Every request decides its hold on the guard as it stands; then they append in turn.
    const decided = opened.map((requested) => {
      const hold = pendingTransferHoldFor(requested);
      if (hold === null) return { requested, hold, decision: null, revision: 0 };
      const stream = this.guard(hold.data.payerKey);
      const decision = this.options.decideGuard(hold, this.guardState(stream), ctx);
      return { requested, hold, decision, revision: stream.events.length };
    });
    for (const { requested, hold, decision: first, revision } of decided) {
      let decision: PayerGuardDecision | null = first;
      if (hold !== null && decision !== null) {
        const stream = this.guard(hold.data.payerKey);
        const appended =
          decision.events.length === 0 ||
          (this.options.expectedRevision
            ? stream.append(revision, decision.events)
            : (stream.events.push(...decision.events), true));
        if (!appended) {
          // The other request won the stream: load and decide again (the command loop).
          decision = this.options.decideGuard(hold, this.guardState(stream), ctx);
          stream.append(stream.events.length, decision.events);
        }
        if (decision.refusal !== undefined) {
          this.refusals.push({
            now: ctx.now.toMillis(),
            retryAfter: toBusinessTime(decision.refusal.retryAfter).toMillis(),
            windowMinutes: ctx.policy.pendingTransferWindowMinutes,
          });
          continue; // refused before the payment is written: nothing exists
        }
      }
      this.payments.set(requested.data.paymentId, [requested]);
    }
  }

  /** A command on a payment; when it gives the payment an outcome, the guard is released. */
  onPayment(paymentId: string, command: PaymentCommand, loseRelease: boolean): void {
    const events = this.payments.get(paymentId)!;
    const ctx = this.ctx();
    const decision = decidePayment(command, foldPayment(events), ctx);
    events.push(...decision.events);
    const release = pendingTransferReleaseFor(foldPayment(events));
    if (release === null || loseRelease) return;
    const stream = this.guard(release.payerKey);
    const released = this.options.decideGuard(release.command, this.guardState(stream), ctx);
    stream.append(stream.events.length, released.events);
  }

  requestedPayments(): string[] {
    return [...this.payments.keys()].filter((id) => this.state(id).status === 'REQUESTED');
  }

  guardState(stream: ModelStream<PayerGuardEvent>): PayerGuardState {
    return stream.fold(evolvePayerGuard, initialPayerGuardState);
  }

  observe(): Observation {
    const now = this.clock.now.toMillis();
    const livePending = new Map<string, string[]>();
    for (const paymentId of this.payments.keys()) {
      const state = this.state(paymentId);
      if (state.status !== 'REQUESTED' || state.expiresAt === null) continue;
      if (now >= toBusinessTime(state.expiresAt).toMillis()) continue; // expired by R5 already
      const key = payerKeyOf(state.payer);
      livePending.set(key, [...(livePending.get(key) ?? []), paymentId]);
    }
    return { now: isoInstant(this.clock.now), livePending };
  }
}

function runScenario(scenario: Scenario, options: Options = REAL): Run {
  const world = new World(scenario, options);
  const observations: Observation[] = [];
  for (const action of scenario.actions) {
    switch (action.kind) {
      case 'tick':
        world.clock.advance(action.ms);
        break;
      case 'request': {
        const payer = scenario.payers[action.payer]!;
        world.request(
          payer,
          action.racer === null ? [action.method] : [action.method, action.racer],
        );
        break;
      }
      case 'approve':
      case 'decline': {
        const pending = world.requestedPayments();
        const paymentId = pending[action.which % Math.max(1, pending.length)];
        if (paymentId === undefined) break;
        const state = world.state(paymentId);
        const command: PaymentCommand =
          action.kind === 'decline'
            ? { type: 'FailPayment', data: { code: 'P001', message: '잔액이 부족합니다.' } }
            : {
                type: 'CompletePayment',
                data: {
                  pgTransactionId: `pg-${paymentId}`,
                  approvedAmountKrw: state.status === 'NONE' ? 0 : state.amountKrw,
                  approvedAt: isoInstant(world.clock.now),
                  certificateVerified: true,
                },
              };
        world.onPayment(paymentId, command, action.loseRelease);
        break;
      }
      case 'sweep':
        for (const paymentId of world.requestedPayments()) {
          world.onPayment(paymentId, { type: 'ExpirePayment', data: {} }, action.loseRelease);
        }
        break;
      default: {
        const unknown: never = action;
        throw new Error(`Unknown action ${JSON.stringify(unknown)}`);
      }
    }
    observations.push(world.observe());
  }
  return { observations, refusals: world.refusals };
}

/** R6: at any instant, a payer has at most one bank transfer REQUESTED and before its deadline. */
function atMostOneLivePendingTransfer(run: Run): void {
  for (const { now, livePending } of run.observations) {
    for (const [payerKey, paymentIds] of livePending) {
      holds(
        paymentIds.length <= 1,
        'R6 at most one live pending transfer per payer',
        () => `${payerKey} has ${paymentIds.join(' and ')} pending at ${now}`,
      );
    }
  }
}

/** R6: a refused payer may retry at the latest one window from now, a lost release included. */
function neverBlockedPastTheWindow(run: Run): void {
  for (const { now, retryAfter, windowMinutes } of run.refusals) {
    holds(
      now < retryAfter && retryAfter <= now + windowMinutes * MINUTE_MS,
      'R6 a payer is never blocked past the pending window',
      () => `refused at ${now} until ${retryAfter} (window ${windowMinutes} min)`,
    );
  }
}

function property(invariant: (run: Run) => void, options: Options = REAL) {
  return fc.property(scenarioArb, (scenario) => invariant(runScenario(scenario, options)));
}

// Deliberately broken guards and command sides, each dropping one rule.

/** Forgets the hold: decides every request on an empty guard. */
const ignoresHolds: DecideGuard = (command, state, ctx) =>
  decidePayerGuard(
    command,
    command.type === 'HoldPendingTransfer' ? { ...state, hold: null } : state,
    ctx,
  );

/** Holds for half the window only, not until the transfer's own deadline. */
const holdsTooShort: DecideGuard = (command, state, ctx) =>
  decidePayerGuard(
    command.type === 'HoldPendingTransfer'
      ? {
          ...command,
          data: {
            ...command.data,
            holdUntil: isoInstant(
              toBusinessTime(command.data.holdUntil).minus({
                milliseconds: (ctx.policy.pendingTransferWindowMinutes * MINUTE_MS) / 2,
              }),
            ),
          },
        }
      : command,
    state,
    ctx,
  );

/** Holds for twice the window: a payer whose release is lost waits too long. */
const holdsTooLong: DecideGuard = (command: PayerGuardCommand, state, ctx) =>
  decidePayerGuard(
    command.type === 'HoldPendingTransfer'
      ? {
          ...command,
          data: {
            ...command.data,
            holdUntil: isoInstant(
              toBusinessTime(command.data.holdUntil).plus({
                minutes: ctx.policy.pendingTransferWindowMinutes,
              }),
            ),
          },
        }
      : command,
    state,
    ctx,
  );

describe('payer guard properties (R6): random requests, races, outcomes and lost releases', () => {
  describe('R6 at most one live pending transfer per payer', () => {
    it('given two payers, racing requests, outcomes and lost releases, when the clock moves on, then no payer ever has two transfers REQUESTED before their deadlines', () => {
      fc.assert(property(atMostOneLivePendingTransfer), { numRuns: RUNS });
    });

    it('given a guard that ignores its hold, then the property finds two live transfers', () => {
      expectCounterexample(
        property(atMostOneLivePendingTransfer, { ...REAL, decideGuard: ignoresHolds }),
        /R6 at most one/,
        BROKEN_RUNS,
      );
    });

    it('given a hold shorter than the transfer’s deadline, then the property finds two live transfers', () => {
      expectCounterexample(
        property(atMostOneLivePendingTransfer, { ...REAL, decideGuard: holdsTooShort }),
        /R6 at most one/,
        BROKEN_RUNS,
      );
    });

    it('given a command side that appends without the expected revision, then the property finds a race both requests won', () => {
      expectCounterexample(
        property(atMostOneLivePendingTransfer, { ...REAL, expectedRevision: false }),
        /R6 at most one/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R6 a lost release delays the payer by one window at most', () => {
    it('given any history, when a transfer is refused PENDING_TRANSFER_EXISTS, then its retryAfter lies after now and within one window', () => {
      fc.assert(property(neverBlockedPastTheWindow), { numRuns: RUNS });
    });

    it('given a guard that holds for two windows, then the property finds a payer blocked too long', () => {
      expectCounterexample(
        property(neverBlockedPastTheWindow, { ...REAL, decideGuard: holdsTooLong }),
        /R6 a payer is never blocked/,
        BROKEN_RUNS,
      );
    });
  });
});
