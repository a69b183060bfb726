/**
 * Property-based tests of the payment decider (issue 13 point 3): a random request, then a random
 * sequence of PG results, expiries, views, cancellations, PG answers, voids and view transfers,
 * with a clock that only moves forward (often across a KST midnight), are folded through
 * decide/evolve as the command side does. Each property checks one invariant on the events decided
 * (not on the state evolve builds from them, so evolve's own assertions are not what is tested),
 * and names its rule. On failure fast-check prints the seed and the shrunk history.
 */
import fc from 'fast-check';
import type { DateTime } from 'luxon';
import { InvariantViolation } from '../assert';
import { businessDate, isoInstant, toBusinessTime } from '../business-time';
import { isKrw } from '../money';
import type { Payer } from '../payer';
import type { LedgerPolicy } from '../policy';
import {
  ModelClock,
  clockStepMs,
  expectCounterexample,
  holds,
  judgmentsArb,
  methodArb,
  methodFields,
  payerArb,
  policyArb,
  runs,
  startInstant,
  type MethodInput,
} from '../test/arbitraries';
import type { PaymentCommand, PaymentItemInput } from './payment.commands';
import { decide, type PaymentDecision } from './payment.decide';
import type { PaymentEvent, PaymentRequested } from './payment.events';
import { evolve, foldPayment, initialState, type PaymentState } from './payment.state';

const PAYMENT_ID = 'pay-1';
const ORIGINAL_ID = 'orig-1';
const RUNS = runs(300);
/** Runs for a broken decider: each was caught within 130 runs in repeated trials; a wide margin. */
const BROKEN_RUNS = runs(1_000);

// ---------------------------------------------------------------------------------------------
// The scenario: what the payer, the PG and the worker do, in abstract form. Each action is turned
// into a concrete command against the state it meets (an answer names the cancellation in flight,
// a void names a started void), as the command side does; an action that has nothing to act on
// is skipped.

type Action =
  | { readonly kind: 'tick'; readonly ms: number }
  | {
      readonly kind: 'approve';
      readonly tx: number;
      readonly amountDeltaKrw: number;
      readonly certificateVerified: boolean;
      readonly originalCancellable: boolean;
    }
  | { readonly kind: 'decline' }
  | { readonly kind: 'expire' }
  | { readonly kind: 'refresh' }
  | { readonly kind: 'view'; readonly item: number }
  | { readonly kind: 'cancel'; readonly settlementClosed: boolean }
  | { readonly kind: 'pgCancelled' }
  | { readonly kind: 'pgRefusedCancel' }
  | { readonly kind: 'pgUnanswered' }
  | { readonly kind: 'voided'; readonly which: number }
  | { readonly kind: 'voidUnsettled'; readonly which: number; readonly refused: boolean }
  | { readonly kind: 'transferViews'; readonly to: number; readonly which: 'viewed' | 'all' }
  | { readonly kind: 'legacyVoid'; readonly tx: number };

interface RequestInput {
  readonly payer: Payer;
  readonly method: MethodInput;
  readonly items: PaymentItemInput[];
  /** R12: a repayment of `orig-1`'s items `orig-item-1…n`. */
  readonly repays: boolean;
  /** A request the domain must refuse (R1, R2): nothing may be recorded for it. */
  readonly malformed: 'none' | 'duplicate-item' | 'unknown-issuer';
}

interface Scenario {
  readonly policy: LedgerPolicy;
  readonly start: string;
  readonly request: RequestInput;
  readonly actions: readonly Action[];
}

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: clockStepMs.map((ms) => ({ kind: 'tick' as const, ms })) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      tx: fc.integer({ min: 1, max: 3 }),
      amountDeltaKrw: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -2_000, max: 2_000 }) },
      ),
      certificateVerified: fc.boolean(),
      originalCancellable: fc.oneof(
        { weight: 3, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'decline' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'expire' as const }, { kind: 'refresh' as const }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('view' as const), item: fc.nat({ max: 6 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      settlementClosed: fc.oneof(
        { weight: 3, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      { kind: 'pgCancelled' as const },
      { kind: 'pgRefusedCancel' as const },
      { kind: 'pgUnanswered' as const },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ kind: fc.constant('voided' as const), which: fc.nat({ max: 3 }) }),
      fc.record({
        kind: fc.constant('voidUnsettled' as const),
        which: fc.nat({ max: 3 }),
        refused: fc.boolean(),
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transferViews' as const),
      to: fc.integer({ min: 1, max: 2 }),
      which: fc.constantFrom('viewed' as const, 'all' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('legacyVoid' as const),
      tx: fc.integer({ min: 1, max: 3 }),
    }),
  },
);

const requestArb: fc.Arbitrary<RequestInput> = fc.record({
  payer: payerArb,
  method: methodArb,
  items: judgmentsArb({ maxLength: 6 }),
  repays: fc.oneof(
    { weight: 3, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  malformed: fc.oneof(
    { weight: 12, arbitrary: fc.constant('none' as const) },
    { weight: 1, arbitrary: fc.constantFrom('duplicate-item' as const, 'unknown-issuer' as const) },
  ),
});

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  policy: policyArb,
  start: startInstant,
  request: requestArb,
  // `size: 'max'`: histories of any length up to 30, not only the short ones fast-check favours.
  actions: fc.array(actionArb, { maxLength: 30, size: 'max' }),
});

// ---------------------------------------------------------------------------------------------
// The run: the command side's loop, on one payment stream.

type Decide = typeof decide;

interface Step {
  readonly command: PaymentCommand;
  readonly now: DateTime;
  readonly before: PaymentState;
  readonly decision: PaymentDecision;
}

interface Run {
  readonly scenario: Scenario;
  readonly steps: readonly Step[];
  /** Every event decided, in order (those of a step evolve refused included). */
  readonly decided: readonly PaymentEvent[];
  /** The events appended (evolve accepted them). */
  readonly log: readonly PaymentEvent[];
  readonly state: PaymentState;
  /** What evolve refused, ending the run: a decided event that breaks the stream's invariants. */
  readonly rejected: InvariantViolation | null;
  /** PG transaction ids whose approval reached an existing payment (R22). */
  readonly approvals: ReadonlySet<string>;
}

function requestCommand({ request }: Scenario): PaymentCommand {
  const fields = methodFields(request.method);
  const items =
    request.malformed === 'duplicate-item' ? [...request.items, request.items[0]!] : request.items;
  return {
    type: 'RequestPayment',
    data: {
      paymentId: PAYMENT_ID,
      payer: request.payer,
      ...fields,
      ...(request.malformed === 'unknown-issuer' ? { method: 'CARD', cardIssuer: 'NOPE' } : {}),
      items,
      repaymentOf: request.repays
        ? { paymentId: ORIGINAL_ID, itemIds: items.map((_, i) => `orig-item-${i + 1}`) }
        : null,
    },
  };
}

/** The concrete command an action becomes against `state`, or null when it has nothing to act on. */
function commandFor(action: Action, state: PaymentState, clock: ModelClock): PaymentCommand | null {
  switch (action.kind) {
    case 'tick':
      return null;
    case 'approve': {
      const amountKrw = state.status === 'NONE' ? 1_000 : state.amountKrw;
      const repayment = state.status !== 'NONE' && state.repaymentOf !== null;
      return {
        type: 'CompletePayment',
        data: {
          pgTransactionId: `pg-tx-${action.tx}`,
          approvedAmountKrw: Math.max(0, amountKrw + action.amountDeltaKrw),
          approvedAt: isoInstant(clock.now),
          certificateVerified: action.certificateVerified,
          ...(repayment ? { originalCancellable: action.originalCancellable } : {}),
        },
      };
    }
    case 'decline':
      return { type: 'FailPayment', data: { code: 'P001', message: '잔액이 부족합니다.' } };
    case 'expire':
      return { type: 'ExpirePayment', data: {} };
    case 'refresh':
      return { type: 'RefreshPayment', data: {} };
    case 'view': {
      const items = state.status === 'NONE' ? [] : state.items;
      const item = items[action.item % Math.max(1, items.length)];
      return { type: 'ViewJudgment', data: { itemId: item?.itemId ?? 'item-unknown' } };
    }
    case 'cancel':
      return { type: 'CancelPayment', data: { settlementClosed: action.settlementClosed } };
    case 'pgCancelled': {
      // The PG's success for the cancellation in flight, or the same success reported again.
      const cancellationId =
        state.status === 'CANCELLING'
          ? state.cancellation.cancellationId
          : state.status === 'CANCELLED'
            ? state.cancellationId
            : null;
      if (cancellationId === null) return null;
      return {
        type: 'RecordCancellationSuccess',
        data: { cancellationId, pgCancelTransactionId: `pg-cancel-${cancellationId}` },
      };
    }
    case 'pgRefusedCancel': {
      // The PG's refusal of the cancellation in flight, or the same refusal reported again.
      const cancellationId =
        state.status === 'CANCELLING'
          ? state.cancellation.cancellationId
          : state.status === 'COMPLETED'
            ? (state.cancellationFailures.at(-1)?.cancellationId ?? null)
            : null;
      if (cancellationId === null) return null;
      return {
        type: 'RecordCancellationFailure',
        data: { cancellationId, pgCode: 'C001', pgMessage: '취소 거절' },
      };
    }
    case 'pgUnanswered': {
      const cancellationId =
        state.status === 'CANCELLING' ? state.cancellation.cancellationId : 'cancel-settled';
      return {
        type: 'RecordCancellationUnanswered',
        data: { cancellationId, detail: 'PG timed out' },
      };
    }
    case 'voided':
    case 'voidUnsettled': {
      const voids = state.status === 'NONE' || state.status === 'REQUESTED' ? [] : state.voids;
      const started = voids[action.which % Math.max(1, voids.length)];
      if (started === undefined) return null;
      const { pgTransactionId } = started;
      return action.kind === 'voided'
        ? {
            type: 'RecordApprovalVoided',
            data: { pgTransactionId, pgVoidId: `void-${pgTransactionId}` },
          }
        : {
            type: 'RecordApprovalVoidUnsettled',
            data: {
              pgTransactionId,
              pgCode: action.refused ? 'V001' : null,
              pgMessage: action.refused ? '취소 불가' : null,
            },
          };
    }
    case 'transferViews': {
      if (state.status === 'NONE') return null;
      const items =
        action.which === 'all' ? state.items : state.items.filter((item) => item.viewedAt !== null);
      if (items.length === 0) return null;
      return {
        type: 'TransferViews',
        data: { toPaymentId: `rep-${action.to}`, itemIds: items.map(({ itemId }) => itemId) },
      };
    }
    case 'legacyVoid':
      return { type: 'StartLegacyApprovalVoid', data: { pgTransactionId: `pg-tx-${action.tx}` } };
    default: {
      const unknown: never = action;
      throw new Error(`Unknown action ${JSON.stringify(unknown)}`);
    }
  }
}

function runScenario(scenario: Scenario, decideWith: Decide = decide): Run {
  const clock = new ModelClock(scenario.start, scenario.policy, 'item-');
  const steps: Step[] = [];
  const decided: PaymentEvent[] = [];
  const log: PaymentEvent[] = [];
  const approvals = new Set<string>();
  let state: PaymentState = initialState;
  let rejected: InvariantViolation | null = null;

  const commands: (Action | 'request')[] = ['request', ...scenario.actions];
  for (const action of commands) {
    if (action !== 'request' && action.kind === 'tick') {
      clock.advance(action.ms);
      continue;
    }
    const command =
      action === 'request' ? requestCommand(scenario) : commandFor(action, state, clock);
    if (command === null) continue;
    const ctx = clock.ctx({ role: 'client', id: 'property-test' });
    const decision = decideWith(command, state, ctx);
    steps.push({ command, now: clock.now, before: state, decision });
    decided.push(...decision.events);
    if (command.type === 'CompletePayment' && state.status !== 'NONE') {
      if (decision.refusal?.code !== 'VALIDATION_FAILED') {
        approvals.add(command.data.pgTransactionId);
      }
    }
    try {
      state = decision.events.reduce(evolve, state);
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      rejected = error;
      break;
    }
    log.push(...decision.events);
  }
  return { scenario, steps, decided, log, state, rejected, approvals };
}

/** Every decided event was accepted by evolve: the decider only decides what the stream allows. */
function foldedCleanly(run: Run): void {
  holds(run.rejected === null, 'evolve', () => String(run.rejected?.message));
}

// ---------------------------------------------------------------------------------------------
// The invariants, each over the decided events, with the facts it needs rebuilt from the events
// themselves (status, views), independently of `evolve`.

type Status = PaymentState['status'];

/** The status each event leaves the payment in, by the rules of DESIGN.md §4 (not by evolve). */
function statusAfter(status: Status, event: PaymentEvent): Status {
  switch (event.type) {
    case 'PaymentRequested':
      return 'REQUESTED';
    case 'PaymentCompleted':
    case 'PaymentCancellationFailed':
      return 'COMPLETED';
    case 'PaymentFailed':
      return 'FAILED';
    case 'PaymentCancellationStarted':
      return 'CANCELLING';
    case 'PaymentCancelled':
      return 'CANCELLED';
    case 'JudgmentViewed':
    case 'JudgmentViewsTransferred':
    case 'LatePaymentApprovalReceived':
    case 'PaymentApprovalVoidStarted':
    case 'PaymentApprovalVoided':
    case 'PaymentNeedsAttention':
      return status;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown event ${JSON.stringify(unknown)}`);
    }
  }
}

/** R4: a payment completes at most once, fails at most once, and never both. */
function neverBothCompletedAndFailed(run: Run): void {
  let completed = 0;
  let failed = 0;
  for (const event of run.decided) {
    if (event.type === 'PaymentCompleted') completed += 1;
    if (event.type === 'PaymentFailed') failed += 1;
    holds(
      completed <= 1 && failed <= 1 && !(completed === 1 && failed === 1),
      'R4 a payment is never both completed and failed',
      () => `${completed} PaymentCompleted and ${failed} PaymentFailed after ${event.type}`,
    );
  }
}

/** R11, R20: nothing viewed when a cancellation starts or ends, and no view while it is at the PG. */
function cancelledHadNoViews(run: Run): void {
  const viewed = new Set<string>();
  let status: Status = 'NONE';
  for (const event of run.decided) {
    if (event.type === 'JudgmentViewed') {
      holds(
        status !== 'CANCELLING' && status !== 'CANCELLED',
        'R11/R20 no view while a cancellation is at the PG or after it',
        () => `${event.data.itemId} viewed while ${status}`,
      );
      viewed.add(event.data.itemId);
    }
    if (event.type === 'JudgmentViewsTransferred') {
      for (const itemId of event.data.itemIds) viewed.delete(itemId);
    }
    if (event.type === 'PaymentCancellationStarted' || event.type === 'PaymentCancelled') {
      holds(
        viewed.size === 0,
        'R11 a cancelled payment had no views at its cancellation',
        () => `${event.type} with ${[...viewed].join(', ')} viewed`,
      );
    }
    status = statusAfter(status, event);
  }
}

/** R2, R3a, R4: every amount is whole KRW; the amount requested is the amount charged and refunded. */
function amountsAreIntegersAndConserved(run: Run): void {
  const { policy } = run.scenario;
  const rule = 'R2/R3a amounts are integers and conserved';
  let requested: PaymentRequested | null = null;
  let chargedKrw = 0;
  let status: Status = 'NONE';
  for (const [index, event] of run.decided.entries()) {
    for (const [field, value] of Object.entries(event.data)) {
      if (/Krw$/.test(field) && value !== null) {
        holds(isKrw(value), rule, () => `${event.type}.${field} = ${String(value)}`);
      }
    }
    if (event.type === 'PaymentRequested') {
      requested = event;
      const { items, amountKrw } = event.data;
      const sum = items.reduce((total, item) => total + item.feeKrw, 0);
      holds(
        items.every((item) => item.feeKrw === policy.feePerJudgmentKrw) &&
          amountKrw === sum &&
          items.length === run.scenario.request.items.length,
        rule,
        () => `requested ${amountKrw} KRW for ${items.length} items of ${sum} KRW in fees`,
      );
    }
    if (
      event.type === 'PaymentCompleted' ||
      event.type === 'PaymentCancellationStarted' ||
      event.type === 'PaymentCancelled'
    ) {
      const amountKrw = requested?.data.amountKrw;
      holds(
        event.data.amountKrw === amountKrw,
        rule,
        () => `${event.type} of ${event.data.amountKrw} KRW for a payment of ${amountKrw} KRW`,
      );
      if (event.type === 'PaymentCompleted') chargedKrw += event.data.amountKrw;
      if (event.type === 'PaymentCancelled') chargedKrw -= event.data.amountKrw;
    }
    status = statusAfter(status, event);
    // The ledger's money: the whole amount while completed (or cancelling), nothing otherwise.
    const charged = status === 'COMPLETED' || status === 'CANCELLING';
    holds(
      chargedKrw === (charged ? requested?.data.amountKrw : 0),
      rule,
      () => `${chargedKrw} KRW charged while ${status} (event ${index}, ${event.type})`,
    );
  }
}

/** R22: every approval that reached the payment is kept (its completion) or voided, exactly once. */
function everyApprovalKeptOrVoidedOnce(run: Run): void {
  const completion = run.decided.find((event) => event.type === 'PaymentCompleted');
  const kept = completion?.type === 'PaymentCompleted' ? completion.data.pgTransactionId : null;
  const voids = new Map<string, number>();
  for (const event of run.decided) {
    if (event.type === 'PaymentApprovalVoidStarted') {
      const tx = event.data.pgTransactionId;
      voids.set(tx, (voids.get(tx) ?? 0) + 1);
    }
  }
  for (const tx of new Set([...run.approvals, ...voids.keys()])) {
    const voided = voids.get(tx) ?? 0;
    holds(
      run.approvals.has(tx) && (tx === kept ? voided === 0 : voided === 1),
      'R22 an approval is kept or voided exactly once',
      () => `${tx}: ${tx === kept ? 'kept' : 'not kept'}, ${voided} voids started`,
    );
  }
}

/** R10, R19: a cancellation starts only on its completion day, and never once that day is settled. */
function cancellationOnlySameDayUnsettled(run: Run): void {
  let completedOn: string | null = null;
  for (const { command, now, decision } of run.steps) {
    for (const event of decision.events) {
      if (event.type === 'PaymentCompleted') completedOn = event.data.completedOn;
      if (event.type !== 'PaymentCancellationStarted') continue;
      holds(
        command.type === 'CancelPayment' && !command.data.settlementClosed,
        'R19 a settled day is never cancelled',
        () => `${command.type} ${JSON.stringify(command.data)} started a cancellation`,
      );
      holds(
        businessDate(now) === completedOn && event.data.completedOn === completedOn,
        'R10 a cancellation starts on the KST day the payment completed',
        () => `started on ${businessDate(now)} for a payment completed on ${completedOn}`,
      );
    }
  }
}

/** R5: a bank transfer never completes at or after its deadline. */
function transferNeverCompletesLate(run: Run): void {
  let expiresAt: string | null = null;
  for (const { now, decision } of run.steps) {
    for (const event of decision.events) {
      if (event.type === 'PaymentRequested') expiresAt = event.data.expiresAt;
      if (event.type !== 'PaymentCompleted' || expiresAt === null) continue;
      holds(
        now.toMillis() < toBusinessTime(expiresAt).toMillis(),
        'R5 a transfer never completes at or after its deadline',
        () => `completed at ${isoInstant(now)}, deadline ${expiresAt}`,
      );
    }
  }
}

/** R8: a payer's view is of an item of a COMPLETED payment, recorded once. */
function viewsOnlyOfCompletedOnce(run: Run): void {
  const items = new Set<string>();
  const viewed = new Set<string>();
  let status: Status = 'NONE';
  for (const event of run.decided) {
    if (event.type === 'PaymentRequested') {
      for (const item of event.data.items) items.add(item.itemId);
    }
    if (event.type === 'JudgmentViewed') {
      const { itemId } = event.data;
      holds(
        status === 'COMPLETED' && items.has(itemId) && !viewed.has(itemId),
        'R8 only an item of a COMPLETED payment is viewed, once',
        () => `${itemId} viewed while ${status}${viewed.has(itemId) ? ', again' : ''}`,
      );
      viewed.add(itemId);
    }
    if (event.type === 'JudgmentViewsTransferred') {
      // R12: the view moved to the repayment; the original's item is never viewed again.
      for (const itemId of event.data.itemIds) items.delete(itemId);
    }
    status = statusAfter(status, event);
  }
}

/** The decider is pure: the same commands at the same instants decide the same events. */
function replaysExactly(run: Run): void {
  const again = runScenario(run.scenario);
  holds(
    JSON.stringify(again.decided) === JSON.stringify(run.decided) &&
      JSON.stringify(foldPayment(run.log)) === JSON.stringify(run.state),
    'replay the same commands and context decide the same events',
    () => `${again.decided.length} events on replay, ${run.decided.length} the first time`,
  );
}

function property(invariant: (run: Run) => void, decideWith: Decide = decide) {
  return fc.property(scenarioArb, (scenario) => {
    const run = runScenario(scenario, decideWith);
    invariant(run);
    foldedCleanly(run);
  });
}

// ---------------------------------------------------------------------------------------------
// Deliberately broken deciders: each drops one rule, so each property is shown able to fail.

const withoutViews = (state: PaymentState): PaymentState =>
  state.status === 'NONE'
    ? state
    : { ...state, items: state.items.map((item) => ({ ...item, viewedAt: null })) };

const broken = {
  /** Records a decline on a payment that already completed. */
  failsCompleted: ((command, state, ctx) =>
    command.type === 'FailPayment' && state.status === 'COMPLETED'
      ? {
          events: [
            {
              type: 'PaymentFailed',
              data: {
                paymentId: state.paymentId,
                reason: 'DECLINED',
                code: command.data.code,
                message: command.data.message,
                failedAt: isoInstant(ctx.now),
                pgTransactionId: null,
                approvedAmountKrw: null,
              },
            },
          ],
        }
      : decide(command, state, ctx)) satisfies Decide,
  /** Forgets R11: cancels as if nothing were viewed. */
  ignoresViews: ((command, state, ctx) =>
    decide(
      command,
      command.type === 'CancelPayment' ? withoutViews(state) : state,
      ctx,
    )) satisfies Decide,
  /** Charges one won more than the fees add up to. */
  roundsAmount: ((command, state, ctx) => {
    const decision = decide(command, state, ctx);
    return {
      ...decision,
      events: decision.events.map((event) =>
        event.type === 'PaymentRequested'
          ? { ...event, data: { ...event.data, amountKrw: event.data.amountKrw + 1 } }
          : event,
      ),
    };
  }) satisfies Decide,
  /** Forgets R22: refuses approvals without giving them back. */
  keepsRefusedApprovals: ((command, state, ctx) => {
    const decision = decide(command, state, ctx);
    const events = decision.events.filter((event) => event.type !== 'PaymentApprovalVoidStarted');
    return { ...decision, events };
  }) satisfies Decide,
  /** Forgets R19: never asks whether the day is settled. */
  ignoresSettlement: ((command, state, ctx) =>
    decide(
      command.type === 'CancelPayment'
        ? { ...command, data: { settlementClosed: false } }
        : command,
      state,
      ctx,
    )) satisfies Decide,
  /** Forgets R10: cancels on any day (decides as if it were still the completion day). */
  ignoresDay: ((command, state, ctx) =>
    decide(
      command,
      state,
      command.type === 'CancelPayment' && state.status === 'COMPLETED'
        ? { ...ctx, now: toBusinessTime(state.completion.completedAt) }
        : ctx,
    )) satisfies Decide,
  /** Forgets R5: a transfer never expires. */
  neverExpires: ((command, state, ctx) =>
    decide(
      command,
      state.status === 'REQUESTED' ? { ...state, expiresAt: null } : state,
      ctx,
    )) satisfies Decide,
  /** Forgets R8/R20: records a view while the cancellation is at the PG. */
  viewsWhileCancelling: ((command, state, ctx) =>
    command.type === 'ViewJudgment' && state.status === 'CANCELLING'
      ? {
          events: [
            {
              type: 'JudgmentViewed',
              data: {
                paymentId: state.paymentId,
                itemId: command.data.itemId,
                viewedAt: isoInstant(ctx.now),
                transferredFrom: null,
              },
            },
          ],
        }
      : decide(command, state, ctx)) satisfies Decide,
};

describe('payment decider properties: random command sequences keep the invariants', () => {
  describe('R4 a payment is never both completed and failed', () => {
    it('given any history, when any PG result, expiry or decline follows, then at most one of PaymentCompleted and PaymentFailed is recorded, once', () => {
      fc.assert(property(neverBothCompletedAndFailed), { numRuns: RUNS });
    });

    it('given a decider that records a decline after completion, then the property finds it', () => {
      expectCounterexample(
        property(neverBothCompletedAndFailed, broken.failsCompleted),
        /R4/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R11, R20 a cancelled payment had no views at its cancellation', () => {
    it('given any views, transfers and cancels, when a cancellation starts or ends, then no item is viewed, and none is viewed while it is at the PG', () => {
      fc.assert(property(cancelledHadNoViews), { numRuns: RUNS });
    });

    it('given a decider that forgets R11, then the property finds a cancellation of a viewed payment', () => {
      expectCounterexample(property(cancelledHadNoViews, broken.ignoresViews), /R11/, BROKEN_RUNS);
    });

    it('given a decider that records views while CANCELLING, then the property finds it', () => {
      expectCounterexample(
        property(cancelledHadNoViews, broken.viewsWhileCancelling),
        /R11\/R20/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R2, R3a amounts are integers and conserved', () => {
    it('given any policy and items, when the payment is requested, charged and refunded, then every amount is whole KRW and the amount charged and refunded is the sum of the fees', () => {
      fc.assert(property(amountsAreIntegersAndConserved), { numRuns: RUNS });
    });

    it('given a decider that charges one won too much, then the property finds it', () => {
      expectCounterexample(
        property(amountsAreIntegersAndConserved, broken.roundsAmount),
        /R2/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R22 money at the PG boundary is conserved', () => {
    it('given any approvals (late, repeated, wrong amount, uncertified), when they reach the payment, then each is kept as the completion or voided, exactly once', () => {
      fc.assert(property(everyApprovalKeptOrVoidedOnce), { numRuns: RUNS });
    });

    it('given a decider that refuses approvals without voiding them, then the property finds it', () => {
      expectCounterexample(
        property(everyApprovalKeptOrVoidedOnce, broken.keepsRefusedApprovals),
        /R22/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R10, R19 a cancellation starts only on its completion day, never on a settled day', () => {
    it('given a clock crossing KST midnight and settled days, when cancels come, then a cancellation starts only on the completion day of an unsettled day', () => {
      fc.assert(property(cancellationOnlySameDayUnsettled), { numRuns: RUNS });
    });

    it('given a decider that ignores the settlement, then the property finds a settled day cancelled', () => {
      expectCounterexample(
        property(cancellationOnlySameDayUnsettled, broken.ignoresSettlement),
        /R19/,
        BROKEN_RUNS,
      );
    });

    it('given a decider that ignores the day, then the property finds a cancellation on another day', () => {
      expectCounterexample(
        property(cancellationOnlySameDayUnsettled, broken.ignoresDay),
        /R10/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R5 a bank transfer never completes at or after its deadline', () => {
    it('given approvals at any instant, when the transfer is approved, then only before its deadline', () => {
      fc.assert(property(transferNeverCompletesLate), { numRuns: RUNS });
    });

    it('given a decider whose transfers never expire, then the property finds a late completion', () => {
      expectCounterexample(
        property(transferNeverCompletesLate, broken.neverExpires),
        /R5/,
        BROKEN_RUNS,
      );
    });
  });

  describe('R8 views only of a COMPLETED payment, once per item', () => {
    it('given any views, when they reach the payment, then each item of a COMPLETED payment is viewed once and never after its view moved', () => {
      fc.assert(property(viewsOnlyOfCompletedOnce), { numRuns: RUNS });
    });

    it('given a decider that records views while CANCELLING, then the property finds it', () => {
      expectCounterexample(
        property(viewsOnlyOfCompletedOnce, broken.viewsWhileCancelling),
        /R8/,
        BROKEN_RUNS,
      );
    });
  });

  describe('the decider is pure (ADR 0002)', () => {
    it('given the same commands at the same instants, when decided again, then the same events, and the log folds to the same state', () => {
      fc.assert(property(replaysExactly), { numRuns: runs(50) });
    });
  });
});
