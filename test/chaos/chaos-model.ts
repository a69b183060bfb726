/**
 * What the chaos loop's clients know: every command they sent (with its key, its body and every
 * answer it got), the payments they learnt of, the approvals the "PG" sent (money it captured),
 * and the failures found so far. The checks compare this with the log, the PG and the API.
 */
import { codeOf, type Answer, type Role } from './chaos-http';

/** Korea's offset: business days are KST days (DESIGN.md). */
export const KST = 'UTC+9';

export type CommandOp =
  | 'request-card'
  | 'request-transfer'
  | 'request-guest'
  | 'complete'
  | 'complete-repeat'
  | 'fail'
  | 'refresh'
  | 'view'
  | 'cancel'
  | 'repayment'
  | 'clock'
  | 'close-day';

export interface Command {
  readonly seq: number;
  /** The cycle it was first sent in. */
  readonly cycle: number;
  readonly op: CommandOp;
  readonly role: Role;
  readonly method: 'POST' | 'PUT';
  readonly route: string;
  /** undefined: no body. */
  readonly body: unknown;
  readonly key: string;
  /** The payment it acts on, or (requests, repayments) the one it creates: derived from the key. */
  readonly paymentId: string | null;
  /** Every answer, in order: the first, retries after a restart, deliberate replays. */
  readonly answers: Answer[];
  /** How many of its sends were lost. */
  lost: number;
  /** Lost and not answered since. */
  pending: boolean;
  /** Was answered by a retry after a restart. */
  retried: boolean;
}

export interface MemberRef {
  readonly kind: 'member';
  readonly memberId: string;
}

export interface GuestRef {
  readonly kind: 'guest';
  readonly verificationId: string;
  readonly phone: string;
  readonly password: string;
}

export type PayerRef = MemberRef | GuestRef;

export interface KnownPayment {
  readonly paymentId: string;
  readonly payer: PayerRef;
  readonly method: 'CARD' | 'BANK_TRANSFER';
  readonly amount: number;
  readonly itemIds: readonly string[];
  readonly repaymentOf: string | null;
  /** The status the last answer about it showed. */
  status: string;
  /** Items the last answer showed as viewed. */
  viewed: Set<string>;
  /** The approval that completed it, as the PG's 200 answer showed. */
  completedBy: string | null;
}

/** An approval the PG reported (POST …/complete): money it captured, whatever the ledger did. */
export interface Approval {
  readonly pgTransactionId: string;
  readonly paymentId: string;
  readonly amount: number;
}

/**
 * What kind of failure: `lost` (an acknowledged command's effect is missing), `duplicated` (an
 * effect is there twice), anything else is an invariant violation.
 */
export interface Failure {
  readonly cycle: number;
  readonly check: string;
  readonly detail: string;
}

/** How many payments the clients pick their targets from (the newest). */
const RECENT_PAYMENTS = 300;

export class ChaosModel {
  readonly commands: Command[] = [];
  readonly payments = new Map<string, KnownPayment>();
  readonly approvals = new Map<string, Approval>();
  readonly failures: Failure[] = [];
  /** Payments touched since the last checks: the API checks look at these. */
  readonly touched = new Set<string>();
  /** Members and guests that acted since the last checks (`payerKeyOf`). */
  readonly touchedPayers = new Set<string>();
  private readonly recentIds: string[] = [];
  /** Payers (`payerKeyOf`) with at least one payment the clients know of. */
  private readonly payers = new Set<string>();
  /** Failures already reported, so a lasting one is counted once. */
  private readonly reported = new Set<string>();
  private keys = 0;
  private pgTransactions = 0;
  cycle = 0;
  reads = 0;
  /** The test clock as the last move answered it (ISO 8601). */
  clockNow = '';

  constructor(readonly seed: number) {}

  /** Records a failure once: the same check and subject seen again later is not a new one. */
  fail(check: string, detail: string, subject: string = detail): void {
    const id = `${check}\n${subject}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    this.failures.push({ cycle: this.cycle, check, detail });
  }

  /** A fresh Idempotency-Key; the seed in it keeps runs apart in one data folder. */
  newKey(): string {
    this.keys += 1;
    return `chaos-${this.seed}-${this.keys}`;
  }

  /** A fresh PG transaction id with the sandbox prefix that drives its cancellations. */
  newPgTransactionId(prefix: string): string {
    this.pgTransactions += 1;
    return `${prefix}-${this.seed}-${this.pgTransactions}`;
  }

  addCommand(command: Omit<Command, 'seq' | 'answers' | 'lost' | 'pending' | 'retried'>): Command {
    const added: Command = {
      ...command,
      seq: this.commands.length + 1,
      answers: [],
      lost: 0,
      pending: false,
      retried: false,
    };
    this.commands.push(added);
    if (added.paymentId !== null) this.touched.add(added.paymentId);
    return added;
  }

  learn(payment: KnownPayment): KnownPayment {
    const known = this.payments.get(payment.paymentId);
    if (known !== undefined) return known;
    this.payments.set(payment.paymentId, payment);
    this.recentIds.push(payment.paymentId);
    if (this.recentIds.length > RECENT_PAYMENTS) this.recentIds.shift();
    this.touched.add(payment.paymentId);
    this.touchedPayers.add(payerKeyOf(payment.payer));
    this.payers.add(payerKeyOf(payment.payer));
    return payment;
  }

  /** The payer has a payment the clients know of. */
  hasPaid(payer: PayerRef): boolean {
    return this.payers.has(payerKeyOf(payer));
  }

  /** The newest payments the last answers showed in one of `statuses`. */
  recent(statuses: readonly string[], where?: (payment: KnownPayment) => boolean): KnownPayment[] {
    const found: KnownPayment[] = [];
    for (const id of this.recentIds) {
      const payment = this.payments.get(id)!;
      if (statuses.includes(payment.status) && (where === undefined || where(payment))) {
        found.push(payment);
      }
    }
    return found;
  }

  /** Updates what is known of a payment from an answer that shows it (the payment representation). */
  observe(body: unknown): void {
    if (body === null || typeof body !== 'object') return;
    const view = body as {
      paymentId?: unknown;
      status?: unknown;
      items?: { itemId: string; viewed?: boolean }[];
    };
    if (typeof view.paymentId !== 'string' || typeof view.status !== 'string') return;
    const known = this.payments.get(view.paymentId);
    if (known === undefined) return;
    known.status = view.status;
    if (Array.isArray(view.items)) {
      known.viewed = new Set(
        view.items.filter((item) => item.viewed === true).map((i) => i.itemId),
      );
    }
  }

  pending(): Command[] {
    return this.commands.filter((command) => command.pending);
  }
}

/** The payer of a `POST /v1/payments` body. */
export function payerOfBody(payer: Record<string, string>): PayerRef {
  return payer.type === 'MEMBER'
    ? { kind: 'member', memberId: payer.memberId! }
    : {
        kind: 'guest',
        verificationId: payer.verificationId!,
        phone: payer.phone!,
        password: payer.password!,
      };
}

export function payerKeyOf(payer: PayerRef): string {
  return payer.kind === 'member' ? `member:${payer.memberId}` : `guest:${payer.phone}`;
}

/** The last answer a command got, if any. */
export function lastAnswer(command: Command): Answer | undefined {
  return command.answers[command.answers.length - 1];
}

/**
 * The answer that acknowledged the command: its first success the service keeps (2xx other than
 * 202, DESIGN.md §5). Once acknowledged, its effect must stay in the ledger for good.
 */
export function acknowledgement(command: Command): Answer | undefined {
  return command.answers.find(
    (answer) => answer.status >= 200 && answer.status < 300 && answer.status !== 202,
  );
}

/** A command as a person reads it in a failure. */
export function describeCommand(command: Command): string {
  return `#${command.seq} ${command.op} ${command.method} ${command.route} (key ${command.key})`;
}

/** Every answer a command got, as status and problem code. */
export function answersOf(command: Command): string {
  const answers = command.answers.map((answer) => `${answer.status} ${codeOf(answer)}`.trim());
  return answers.join(', ') || 'never';
}
