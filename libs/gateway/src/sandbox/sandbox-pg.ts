import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Scheduler } from '@lib/common';
import type {
  CancelAnswer,
  CancelRequest,
  CancellationStatus,
  PaymentGateway,
  VoidAnswer,
  VoidRequest,
} from '../payment-gateway.port';
import { tracePgCall } from '../pg-tracing';
import { openSandboxPgSchema } from './sandbox-pg.schema';

/** Transaction-id prefixes that drive the sandbox, like a PG's test card numbers (DESIGN.md §6). */
export const SANDBOX_PREFIXES = {
  /** The PG refuses the cancellation (pgCode C001). */
  cancelRefused: 'sandbox-cancel-refused',
  /** The call times out without refunding; asked about the key, the PG has no record of it. */
  cancelTimeout: 'sandbox-cancel-timeout',
  /** The PG refunds at once but answers after the slow delay (a window to race against). */
  cancelSlow: 'sandbox-cancel-slow',
  /** The PG refunds but the answer is lost; asked again by key it reports the refund. */
  cancelLost: 'sandbox-cancel-lost',
  /** Voids of this approval are refused (pgCode V001). */
  voidRefused: 'sandbox-void-refused',
} as const;

export interface SandboxPgOptions {
  /** Its own SQLite file, shared by every process; `:memory:` for a test's private PG. */
  readonly file: string;
  /** How the slow answer waits (real time in production). */
  readonly scheduler: Scheduler;
  /** How long `sandbox-cancel-slow` takes to answer. */
  readonly slowMs: number;
  /** The instant to record (the ledger's clock). */
  readonly now: () => string;
}

/** What the sandbox did for one approval: `GET /v1/sandbox-pg/transactions/{pgTransactionId}`. */
export interface SandboxTransaction {
  readonly pgTransactionId: string;
  readonly refunds: {
    readonly cancellationId: string;
    readonly pgCancelId: string;
    readonly amount: number;
    readonly at: string;
  }[];
  readonly voids: { readonly pgVoidId: string; readonly amount: number; readonly at: string }[];
  readonly cancelCalls: number;
  readonly statusCalls: number;
  readonly voidCalls: number;
}

interface CancellationRow {
  readonly outcome: 'REFUNDED' | 'REFUSED' | 'FENCED';
  readonly pg_cancel_id: string | null;
  readonly pg_code: string | null;
  readonly pg_message: string | null;
}

/** The PG's "no" to a key it was already asked about (R21 fencing). */
const FENCED: CancelAnswer = {
  outcome: 'REFUSED',
  pgCode: 'C002',
  pgMessage: '조회된 취소 요청은 처리할 수 없습니다 (sandbox)',
};

/** Thrown where a real PG would leave the ledger without an answer. */
export class SandboxNoAnswerError extends Error {
  override readonly name = 'SandboxNoAnswerError';
}

/**
 * The default gateway for development and tests: a PG double with books of its own, idempotent by
 * key like a real PG, driven by the approval's `pgTransactionId` prefix (SANDBOX_PREFIXES). Every
 * decision is one SQLite transaction, so several ledger processes calling at once see one PG.
 */
export class SandboxPg implements PaymentGateway {
  private readonly db: Database.Database;

  constructor(private readonly options: SandboxPgOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(resolve(options.file)), { recursive: true });
    this.db = new Database(options.file);
    openSandboxPgSchema(this.db);
  }

  close(): void {
    this.db.close();
  }

  cancel(request: CancelRequest): Promise<CancelAnswer> {
    return tracePgCall('cancel', request.paymentId, () => this.answerCancel(request));
  }

  cancellationStatus(cancellationId: string): Promise<CancellationStatus> {
    return tracePgCall('cancellation_status', undefined, () =>
      Promise.resolve(this.answerStatus(cancellationId)),
    );
  }

  voidApproval(request: VoidRequest): Promise<VoidAnswer> {
    return tracePgCall('void', request.paymentId, () => Promise.resolve(this.answerVoid(request)));
  }

  private async answerCancel(request: CancelRequest): Promise<CancelAnswer> {
    const { pgTransactionId } = request;
    const answer = this.db.transaction(() => this.decideCancel(request)).immediate();
    this.logCall('CANCEL', pgTransactionId, request.cancellationId, answer);
    if (answer === 'TIMEOUT') throw new SandboxNoAnswerError('The PG timed out (sandbox)');
    if (answer === 'LOST') throw new SandboxNoAnswerError('The PG answer was lost (sandbox)');
    if (pgTransactionId.startsWith(SANDBOX_PREFIXES.cancelSlow)) {
      await this.options.scheduler.sleep(this.options.slowMs);
    }
    return answer;
  }

  private answerStatus(cancellationId: string): CancellationStatus {
    const status = this.db
      .transaction((): CancellationStatus => {
        const row = this.cancellationRow(cancellationId);
        if (row === undefined) {
          // Fence the key: a cancel that arrives with it later is refused, so "no record" stays true.
          this.db
            .prepare(
              `INSERT INTO sandbox_cancellations (cancellation_id, pg_transaction_id, payment_id,
                amount_krw, outcome, recorded_at) VALUES (?, '', '', 0, 'FENCED', ?)`,
            )
            .run(cancellationId, this.options.now());
          return { status: 'NO_RECORD' };
        }
        return statusOf(row);
      })
      .immediate();
    this.logCall('STATUS', null, cancellationId, status);
    return status;
  }

  private answerVoid(request: VoidRequest): VoidAnswer {
    const { pgTransactionId, paymentId, amountKrw } = request;
    const answer = this.db
      .transaction((): VoidAnswer => {
        const voided = this.db
          .prepare<[string], { pg_void_id: string }>(
            'SELECT pg_void_id FROM sandbox_voids WHERE pg_transaction_id = ?',
          )
          .get(pgTransactionId);
        if (voided !== undefined) return { outcome: 'VOIDED', pgVoidId: voided.pg_void_id };
        if (pgTransactionId.startsWith(SANDBOX_PREFIXES.voidRefused)) {
          return {
            outcome: 'REFUSED',
            pgCode: 'V001',
            pgMessage: '승인취소가 거절되었습니다 (sandbox)',
          };
        }
        const pgVoidId = `sandbox-void-${pgTransactionId}`;
        this.db
          .prepare(
            'INSERT INTO sandbox_voids (pg_transaction_id, payment_id, amount_krw, pg_void_id, voided_at)' +
              ' VALUES (?, ?, ?, ?, ?)',
          )
          .run(pgTransactionId, paymentId, amountKrw, pgVoidId, this.options.now());
        return { outcome: 'VOIDED', pgVoidId };
      })
      .immediate();
    this.logCall('VOID', pgTransactionId, pgTransactionId, answer);
    return answer;
  }

  /** What the PG did for this approval (admin route, tests, invariant checks). */
  transaction(pgTransactionId: string): SandboxTransaction {
    const refunds = this.db
      .prepare<
        [string],
        { cancellation_id: string; pg_cancel_id: string; amount_krw: number; recorded_at: string }
      >(
        `SELECT cancellation_id, pg_cancel_id, amount_krw, recorded_at FROM sandbox_cancellations
          WHERE pg_transaction_id = ? AND outcome = 'REFUNDED' ORDER BY recorded_at, cancellation_id`,
      )
      .all(pgTransactionId);
    const voids = this.db
      .prepare<[string], { pg_void_id: string; amount_krw: number; voided_at: string }>(
        'SELECT pg_void_id, amount_krw, voided_at FROM sandbox_voids WHERE pg_transaction_id = ?',
      )
      .all(pgTransactionId);
    const calls = this.db
      .prepare<[string], { kind: string; count: number }>(
        'SELECT kind, count(*) AS count FROM sandbox_calls WHERE pg_transaction_id = ? GROUP BY kind',
      )
      .all(pgTransactionId);
    const countOf = (kind: string) => calls.find((call) => call.kind === kind)?.count ?? 0;
    return {
      pgTransactionId,
      refunds: refunds.map((row) => ({
        cancellationId: row.cancellation_id,
        pgCancelId: row.pg_cancel_id,
        amount: row.amount_krw,
        at: row.recorded_at,
      })),
      voids: voids.map((row) => ({
        pgVoidId: row.pg_void_id,
        amount: row.amount_krw,
        at: row.voided_at,
      })),
      cancelCalls: countOf('CANCEL'),
      statusCalls: countOf('STATUS'),
      voidCalls: countOf('VOID'),
    };
  }

  /** One cancel call's decision, inside the transaction; TIMEOUT and LOST mean no answer. */
  private decideCancel(request: CancelRequest): CancelAnswer | 'TIMEOUT' | 'LOST' {
    const { cancellationId, pgTransactionId, paymentId, amountKrw } = request;
    const known = this.cancellationRow(cancellationId);
    if (known !== undefined) {
      if (known.outcome === 'FENCED') return FENCED;
      const status = statusOf(known);
      return status.status === 'REFUNDED'
        ? { outcome: 'CANCELLED', pgCancelId: status.pgCancelId }
        : { outcome: 'REFUSED', pgCode: known.pg_code ?? '', pgMessage: known.pg_message ?? '' };
    }
    if (pgTransactionId.startsWith(SANDBOX_PREFIXES.cancelTimeout)) return 'TIMEOUT';
    const refused = this.refusalOf(pgTransactionId);
    const record = this.db.prepare(
      `INSERT INTO sandbox_cancellations (cancellation_id, pg_transaction_id, payment_id, amount_krw,
        outcome, pg_cancel_id, pg_code, pg_message, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = this.options.now();
    if (refused !== null) {
      record.run(
        cancellationId,
        pgTransactionId,
        paymentId,
        amountKrw,
        'REFUSED',
        null,
        refused.pgCode,
        refused.pgMessage,
        now,
      );
      return refused;
    }
    const pgCancelId = `sandbox-cancel-${cancellationId}`;
    record.run(
      cancellationId,
      pgTransactionId,
      paymentId,
      amountKrw,
      'REFUNDED',
      pgCancelId,
      null,
      null,
      now,
    );
    if (pgTransactionId.startsWith(SANDBOX_PREFIXES.cancelLost)) return 'LOST';
    return { outcome: 'CANCELLED', pgCancelId };
  }

  /** Why a new cancellation of this approval is refused, or null. */
  private refusalOf(pgTransactionId: string): Extract<CancelAnswer, { outcome: 'REFUSED' }> | null {
    if (pgTransactionId.startsWith(SANDBOX_PREFIXES.cancelRefused)) {
      return { outcome: 'REFUSED', pgCode: 'C001', pgMessage: '취소가 거절되었습니다 (sandbox)' };
    }
    const refunded = this.db
      .prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM sandbox_cancellations WHERE pg_transaction_id = ? AND outcome = 'REFUNDED'",
      )
      .get(pgTransactionId);
    if ((refunded?.n ?? 0) > 0) {
      return { outcome: 'REFUSED', pgCode: 'C003', pgMessage: '이미 취소된 거래입니다 (sandbox)' };
    }
    return null;
  }

  private cancellationRow(cancellationId: string): CancellationRow | undefined {
    return this.db
      .prepare<[string], CancellationRow>(
        'SELECT outcome, pg_cancel_id, pg_code, pg_message FROM sandbox_cancellations WHERE cancellation_id = ?',
      )
      .get(cancellationId);
  }

  private logCall(
    kind: 'CANCEL' | 'STATUS' | 'VOID',
    pgTransactionId: string | null,
    reference: string,
    answer: unknown,
  ): void {
    const transactionId = pgTransactionId ?? this.transactionOfKey(reference);
    this.db
      .prepare(
        'INSERT INTO sandbox_calls (kind, pg_transaction_id, reference, answer, called_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(kind, transactionId, reference, JSON.stringify(answer), this.options.now());
  }

  /** The approval a cancellation key was used for, from any cancel call that carried it. */
  private transactionOfKey(cancellationId: string): string | null {
    const row = this.db
      .prepare<[string], { pg_transaction_id: string }>(
        "SELECT pg_transaction_id FROM sandbox_calls WHERE kind = 'CANCEL' AND reference = ? LIMIT 1",
      )
      .get(cancellationId);
    return row?.pg_transaction_id ?? null;
  }
}

function statusOf(row: CancellationRow): CancellationStatus {
  switch (row.outcome) {
    case 'REFUNDED':
      return { status: 'REFUNDED', pgCancelId: row.pg_cancel_id ?? '' };
    case 'REFUSED':
      return { status: 'REFUSED', pgCode: row.pg_code ?? '', pgMessage: row.pg_message ?? '' };
    case 'FENCED':
      return { status: 'NO_RECORD' };
  }
}
