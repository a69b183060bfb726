/**
 * The checks on the data folder itself (the log, and with chaos-pg-checks.ts the sandbox PG's
 * books), run while the service is dead after each kill and once more at the end. Each failure is recorded in the model
 * under its kind: `lost` (an acknowledged command's effect is missing), `duplicated` (an effect
 * is there twice) or the name of the invariant that broke.
 */
import { fieldsOf, storedKeyOf, type Answer } from './chaos-http';
import type { LoggedEvent, SandboxBooks } from './chaos-data-folder';
import { stampOf, type LedgerPicture } from './chaos-ledger-picture';
import {
  acknowledgement,
  answersOf,
  describeCommand,
  type ChaosModel,
  type Command,
} from './chaos-model';
import { pgAgreesWithLedger } from './chaos-pg-checks';

export interface LogCheckOptions {
  /** The run has settled: nothing may be left in flight with the PG. */
  readonly settled: boolean;
}

export function checkLog(
  model: ChaosModel,
  log: readonly LoggedEvent[],
  picture: LedgerPicture,
  books: SandboxBooks,
  options: LogCheckOptions,
): void {
  paymentsFold(model, picture);
  eachKeyAnsweredOnce(model, log);
  acknowledgedEffectsPresent(model, picture);
  unacknowledgedNotApplied(model, log, picture);
  pgAgreesWithLedger(model, picture, books, options.settled);
  settlementsAddUp(model, log, picture);
  clockMovesForward(model, picture);
}

function paymentsFold(model: ChaosModel, picture: LedgerPicture): void {
  for (const payment of picture.payments.values()) {
    if (payment.broken !== null) {
      model.fail(
        'payment invariants',
        `payment ${payment.paymentId}: the domain refuses its log ${payment.broken}`,
        payment.paymentId,
      );
    }
    for (const position of payment.refundedWhileViewed) {
      model.fail(
        'R11 no refund of a viewed payment',
        `payment ${payment.paymentId} was cancelled at position ${position} while a view stood`,
        `${payment.paymentId}@${position}`,
      );
    }
    for (const [itemId, views] of payment.views) {
      const allowed = 1 + (payment.viewsMovedOut.get(itemId) ?? 0);
      if (views > allowed) {
        model.fail(
          'duplicated',
          `payment ${payment.paymentId} item ${itemId}: ${views} views recorded, at most ` +
            `${allowed} allowed (R8: once per item, again only after a repayment took it)`,
          `${payment.paymentId}/${itemId}`,
        );
      }
    }
  }
}

/**
 * A request's answered events (docs/adr/0011) sit in one append: in each stream, one run of
 * consecutive revisions. A second run is the same request applied twice.
 */
function eachKeyAnsweredOnce(model: ChaosModel, log: readonly LoggedEvent[]): void {
  const lastRevision = new Map<string, number>();
  const runs = new Map<string, number>();
  for (const event of log) {
    const stamp = stampOf(event);
    if (stamp === null || !stamp.answered) continue;
    const id = `${stamp.key} ${event.stream}`;
    const previous = lastRevision.get(id);
    if (previous === undefined || event.revision !== previous + 1) {
      runs.set(id, (runs.get(id) ?? 0) + 1);
    }
    lastRevision.set(id, event.revision);
  }
  for (const [id, count] of runs) {
    if (count > 1) {
      model.fail('duplicated', `key ${id}: answered by ${count} separate appends`, id);
    }
  }
}

/** Every acknowledged command's effect is in the log (exactly once: the fold and keys see to that). */
function acknowledgedEffectsPresent(model: ChaosModel, picture: LedgerPicture): void {
  for (const command of model.commands) {
    const answer = acknowledgement(command);
    if (answer === undefined) continue;
    const missing = missingEffect(command, answer, picture);
    if (missing !== null)
      model.fail('lost', `${describeCommand(command)}: ${missing}`, command.key);
  }
}

function missingEffect(command: Command, answer: Answer, picture: LedgerPicture): string | null {
  const payment = command.paymentId === null ? undefined : picture.payments.get(command.paymentId);
  const state = payment?.state;
  const body = fieldsOf(answer);
  switch (command.op) {
    case 'request-card':
    case 'request-transfer':
    case 'request-guest':
    case 'repayment': {
      const requested = payment?.events.find((event) => event.type === 'PaymentRequested');
      if (requested === undefined) return `answered ${answer.status} but no PaymentRequested`;
      if (stampOf(requested)?.key !== storedKeyOf(command.role, command.key)) {
        return 'its PaymentRequested carries another key';
      }
      if (requested.data.amountKrw !== body.amount) {
        return `answered amount ${String(body.amount)}, the log ${String(requested.data.amountKrw)}`;
      }
      return null;
    }
    case 'complete':
    case 'complete-repeat': {
      const pgTransactionId = (command.body as { pgTransactionId: string }).pgTransactionId;
      const kept =
        state !== undefined && 'completion' in state ? state.completion.pgTransactionId : null;
      return kept === pgTransactionId
        ? null
        : `answered 200 but the payment is ${state?.status ?? 'absent'}, completed by ${kept}`;
    }
    case 'fail':
      return state?.status === 'FAILED' ? null : `answered 200 but the payment is ${state?.status}`;
    case 'refresh':
      return body.status === 'FAILED' && state?.status !== 'FAILED'
        ? `answered FAILED but the payment is ${state?.status}`
        : null;
    case 'view': {
      const itemId = command.route.split('/')[5]!;
      return (payment?.views.get(itemId) ?? 0) > 0 ? null : 'answered 200 but no JudgmentViewed';
    }
    case 'cancel':
      return body.status === 'CANCELLED' && state?.status !== 'CANCELLED'
        ? `answered CANCELLED but the payment is ${state?.status}`
        : null;
    case 'clock': {
      const now = Date.parse((command.body as { now: string }).now);
      const reached = picture.clockMoves.some((moved) => Date.parse(moved) >= now);
      return reached ? null : 'answered 200 but the clock never reached its instant';
    }
    case 'close-day': {
      const date = command.route.split('/')[3]!;
      return picture.closes.some((close) => close.date === date)
        ? null
        : 'answered 200 but no SettlementClosed';
    }
  }
}

/**
 * What was never acknowledged left nothing behind: no event answers its key (a retry would have
 * been given that answer) and no guard holds a transfer or repayment for a payment that does not
 * exist. Commands still waiting for their retry are skipped: their fate is not known yet.
 */
function unacknowledgedNotApplied(
  model: ChaosModel,
  log: readonly LoggedEvent[],
  picture: LedgerPicture,
): void {
  const answeredKeys = new Set<string>();
  for (const event of log) {
    const stamp = stampOf(event);
    if (stamp?.answered === true) answeredKeys.add(stamp.key);
  }
  const creators = new Map<string, Command>();
  for (const command of model.commands) {
    if (command.op.startsWith('request-') || command.op === 'repayment') {
      creators.set(command.paymentId!, command);
    }
    if (command.pending || acknowledgement(command) !== undefined) continue;
    if (answeredKeys.has(storedKeyOf(command.role, command.key))) {
      model.fail(
        'half-applied',
        `${describeCommand(command)}: never acknowledged (answered ${answersOf(command)}), yet the ` +
          'log holds its answer',
        command.key,
      );
    }
  }
  // A hold left behind by a request that died (or was refused) after taking it lapses at its own
  // deadline (libs/payments/new-payments.ts); while it has not lapsed, it blocks the payer.
  const now = Date.parse(picture.clockMoves.at(-1) ?? model.clockNow);
  const holds = [
    ...[...picture.transferHolds].map(([id, until]) => ['payer guard', id, until] as const),
    ...[...picture.repaymentHolds].map(([id, until]) => ['repayment guard', id, until] as const),
  ];
  for (const [guard, paymentId, until] of holds) {
    const creator = creators.get(paymentId);
    if (picture.payments.has(paymentId) || creator?.pending !== false) continue;
    if (Date.parse(until) <= now) continue;
    model.fail(
      'half-applied',
      `the ${guard} holds ${paymentId} until ${until}, but it was never written (` +
        `${describeCommand(creator)}, answered ${answersOf(creator)})`,
      paymentId,
    );
  }
}

/**
 * R18, R24: one close per day; every completion and cancellation up to the last close's cut, of a
 * closed day, is counted in exactly one report, and the reports' net amounts add up to the log's.
 */
function settlementsAddUp(
  model: ChaosModel,
  log: readonly LoggedEvent[],
  picture: LedgerPicture,
): void {
  const closedDays = new Set<string>();
  for (const close of picture.closes) {
    if (closedDays.has(close.date)) {
      model.fail('duplicated', `${close.date} was closed twice`, `close ${close.date}`);
    }
    closedDays.add(close.date);
  }
  if (picture.closes.length === 0) return;
  const lastCut = Math.max(...picture.closes.map((close) => Number(close.countedUpToPosition)));
  const inLog = { completed: 0, cancelled: 0, net: 0 };
  for (const event of log) {
    if (event.position > lastCut) break;
    const data = event.data as { amountKrw?: number; completedOn?: string };
    if (data.completedOn === undefined || !closedDays.has(data.completedOn)) continue;
    if (event.type === 'PaymentCompleted') {
      inLog.completed += 1;
      inLog.net += data.amountKrw!;
    } else if (event.type === 'PaymentCancelled') {
      inLog.cancelled += 1;
      inLog.net -= data.amountKrw!;
    }
  }
  const reported = { completed: 0, cancelled: 0, net: 0 };
  for (const { report } of picture.closes) {
    const late = report.lateAdjustmentTotals;
    reported.completed += report.completed.count + (late?.completed.count ?? 0);
    reported.cancelled += report.cancelled.count + (late?.cancelled.count ?? 0);
    reported.net += report.netAmountKrw;
  }
  if (JSON.stringify(reported) !== JSON.stringify(inLog)) {
    model.fail(
      'R24 reports sum to the log',
      `up to position ${lastCut} the reports count ${JSON.stringify(reported)}, the log ` +
        JSON.stringify(inLog),
      `sums up to ${lastCut}`,
    );
  }
}

function clockMovesForward(model: ChaosModel, picture: LedgerPicture): void {
  for (let i = 1; i < picture.clockMoves.length; i += 1) {
    if (Date.parse(picture.clockMoves[i]!) <= Date.parse(picture.clockMoves[i - 1]!)) {
      model.fail(
        'test clock moves forward',
        `move ${i} to ${picture.clockMoves[i]} after ${picture.clockMoves[i - 1]}`,
        `clock ${i}`,
      );
    }
  }
}
