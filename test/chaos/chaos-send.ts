/**
 * How the chaos loop's clients send: every command with its Idempotency-Key, every answer (or
 * loss) recorded on the command, checked against the statuses the contract names (DESIGN.md §6)
 * and learnt from (new payments, statuses, views, the clock); reads likewise, without a key.
 */
import { DateTime } from 'luxon';
import { call, codeOf, type Answer, type Outcome } from './chaos-http';
import { payerOfBody, type ChaosModel, type Command, type CommandOp } from './chaos-model';

/** What the orchestrator and the loops share while the load runs. */
export interface LoadControl {
  url: string;
  /** No new request is started once set. */
  stopping: boolean;
  /** The service is being killed: a lost answer is expected from here on. */
  killing: boolean;
  /** `sandbox-cancel-slow` cancellations waiting for the PG right now (a window worth a kill). */
  slowCancelsInFlight: number;
  clockMovesInFlight: number;
}

export interface LoadContext {
  readonly model: ChaosModel;
  readonly control: LoadControl;
}

/** Statuses the contract names for each command (DESIGN.md §6); anything else is a failure. */
const CONTRACT: Readonly<Record<CommandOp, readonly number[]>> = {
  'request-card': [201, 409],
  'request-transfer': [201, 409],
  'request-guest': [201, 409],
  complete: [200, 409],
  'complete-repeat': [200, 409],
  fail: [200, 409],
  refresh: [200, 409],
  view: [200, 409],
  cancel: [200, 202, 409, 502],
  repayment: [201, 409],
  clock: [200, 409, 503],
  'close-day': [200, 409, 503],
};

/**
 * Sends a command and records what came back: an answer (checked against the contract, and
 * learnt from) or a loss (a failure unless the service was being killed).
 */
export async function send(ctx: LoadContext, command: Command): Promise<Answer | null> {
  const outcome = await call(ctx.control.url, command.method, command.route, command.role, {
    body: command.body,
    key: command.key,
  });
  return record(ctx.model, command, outcome, ctx.control.killing);
}

export function record(
  model: ChaosModel,
  command: Command,
  outcome: Outcome,
  lossExpected: boolean,
): Answer | null {
  if (outcome.kind === 'lost') {
    command.lost += 1;
    command.pending = true;
    if (!lossExpected) {
      model.fail(
        'answers',
        `#${command.seq} ${command.op} ${command.method} ${command.route} got no answer while ` +
          `the service was up: ${outcome.reason}`,
      );
    }
    return null;
  }
  command.answers.push(outcome);
  // "Another attempt holds this key": the first attempt died holding its lease, so the caller
  // tries again later (after the next restart, when the clock has moved past the lease).
  command.pending = outcome.status === 409 && codeOf(outcome) === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  checkContract(model, command, outcome);
  learnFrom(model, command, outcome);
  return outcome;
}

function checkContract(model: ChaosModel, command: Command, answer: Answer): void {
  const allowed = CONTRACT[command.op];
  const code = answer.status >= 400 ? codeOf(answer) || '(no code)' : '';
  const named =
    allowed.includes(answer.status) &&
    (answer.status !== 502 || code === 'PG_CANCEL_FAILED') &&
    (answer.status !== 503 || code === 'CANCELLATIONS_PENDING') &&
    (answer.status < 400 || code !== '(no code)');
  if (!named) {
    model.fail(
      'contract',
      `#${command.seq} ${command.op} ${command.method} ${command.route} answered ` +
        `${answer.status} ${code}: ${answer.text.slice(0, 300)}`,
    );
  }
}

/** What an answer teaches the clients: new payments, statuses, views, the clock. */
function learnFrom(model: ChaosModel, command: Command, answer: Answer): void {
  const body = answer.body as Record<string, unknown> | null;
  if (command.op === 'clock') {
    if (answer.status === 200 && typeof body?.now === 'string') advanceClock(model, body.now);
    if (answer.status === 409 && typeof body?.now === 'string') advanceClock(model, body.now);
    return;
  }
  if (answer.status === 201 && body !== null && typeof body.paymentId === 'string') {
    if (body.paymentId !== command.paymentId) {
      model.fail(
        'payment id from key',
        `#${command.seq} ${command.op} created ${body.paymentId}, but its key derives ` +
          `${command.paymentId} (docs/adr/0011)`,
      );
    }
    const payer =
      command.op === 'repayment'
        ? model.payments.get(command.route.split('/')[3]!)?.payer
        : payerOfBody((command.body as { payer: Record<string, string> }).payer);
    if (payer !== undefined) {
      const items = (body.items as { itemId: string }[] | undefined) ?? [];
      model.learn({
        paymentId: body.paymentId,
        payer,
        method: (command.body as { method: 'CARD' | 'BANK_TRANSFER' }).method,
        amount: body.amount as number,
        itemIds: items.map((item) => item.itemId),
        repaymentOf: command.op === 'repayment' ? command.route.split('/')[3]! : null,
        status: String(body.status),
        viewed: new Set(),
        completedBy: null,
      });
    }
    return;
  }
  if (answer.status === 200 || answer.status === 202) model.observe(body);
  const known = command.paymentId === null ? undefined : model.payments.get(command.paymentId);
  if (known === undefined) return;
  if (command.op === 'complete' && answer.status === 200) {
    known.completedBy = (command.body as { pgTransactionId: string }).pgTransactionId;
  }
  if (command.op === 'cancel' && answer.status === 502) known.status = 'COMPLETED';
}

function advanceClock(model: ChaosModel, now: string): void {
  const next = DateTime.fromISO(now, { setZone: true });
  const current = DateTime.fromISO(model.clockNow, { setZone: true });
  if (!current.isValid || next > current) model.clockNow = now;
}

/** Reads (no key): a loss while the service is up is a failure, a 5xx too. */
export async function read(
  ctx: LoadContext,
  method: 'GET' | 'POST',
  route: string,
  role: 'client' | 'admin' | 'support',
  allowed: readonly number[],
  body?: unknown,
): Promise<Answer | null> {
  ctx.model.reads += 1;
  const outcome = await call(ctx.control.url, method, route, role, { body });
  if (outcome.kind === 'lost') {
    if (!ctx.control.killing) {
      ctx.model.fail('answers', `${method} ${route} got no answer while the service was up`);
    }
    return null;
  }
  if (!allowed.includes(outcome.status)) {
    ctx.model.fail(
      'contract',
      `${method} ${route} answered ${outcome.status}: ${outcome.text.slice(0, 300)}`,
    );
  }
  if (outcome.status === 200) ctx.model.observe(outcome.body);
  return outcome;
}

/** A new command with a fresh key, recorded in the model before it is sent. */
export function newCommand(
  ctx: LoadContext,
  op: CommandOp,
  role: Command['role'],
  method: Command['method'],
  route: string,
  body: unknown,
  paymentId: string | null,
  key = ctx.model.newKey(),
): Command {
  return ctx.model.addCommand({
    cycle: ctx.model.cycle,
    op,
    role,
    method,
    route,
    body,
    key,
    paymentId,
  });
}
