import type {
  CancelAnswer,
  CancelRequest,
  CancellationStatus,
  PaymentGateway,
  VoidAnswer,
  VoidRequest,
} from '@lib/gateway';
import type { Random } from './sim-random';
import type { SimTime } from './sim-time';

/** How often the simulated PG misbehaves (each a probability per call). */
export interface PgFaults {
  /** The cancellation is processed but the answer is lost (the call fails). */
  readonly lostAnswer: number;
  /** The answer never comes: the ledger's deadline ends the call. */
  readonly noAnswer: number;
  /** The PG refuses the cancellation. */
  readonly refuseCancel: number;
  /** The PG cannot be asked about a key (the question fails). */
  readonly statusUnreachable: number;
  /** The PG refuses a void (it may accept it when asked again). */
  readonly refuseVoid: number;
  /** The slowest answer, in ms of simulated time (uniform from 0). */
  readonly maxLatencyMs: number;
}

export const DEFAULT_FAULTS: PgFaults = {
  lostAnswer: 0.1,
  noAnswer: 0.05,
  refuseCancel: 0.1,
  statusUnreachable: 0.15,
  refuseVoid: 0.15,
  maxLatencyMs: 3_000,
};

export class PgAnswerLost extends Error {
  override readonly name = 'PgAnswerLost';
}

/**
 * The PG as the simulator plays it: books of its own (captures, refunds, voids), idempotent by
 * key as the contract says (a cancellation by its id, a void by the approval's transaction), a key
 * fenced once asked about, and faults drawn from the run's random source. Money at the PG for an
 * approval is captured − refunded − voided.
 */
export class SimPg implements PaymentGateway {
  readonly captured = new Map<string, { paymentId: string; amountKrw: number }>();
  private readonly cancellations = new Map<
    string,
    { pgTransactionId: string; answer: CancelAnswer | 'FENCED' }
  >();
  private readonly refunded = new Map<string, number>();
  private readonly voided = new Map<string, number>();

  constructor(
    private readonly time: SimTime,
    private readonly random: Random,
    private readonly faults: PgFaults,
  ) {}

  /** The PG approves a payment: money moves now, whatever the ledger then says. */
  capture(pgTransactionId: string, paymentId: string, amountKrw: number): void {
    if (!this.captured.has(pgTransactionId)) {
      this.captured.set(pgTransactionId, { paymentId, amountKrw });
    }
  }

  async cancel(request: CancelRequest): Promise<CancelAnswer> {
    await this.latency();
    const answer = this.decideCancel(request);
    if (this.random.chance(this.faults.noAnswer)) await new Promise<never>(() => undefined);
    await this.latency();
    if (this.random.chance(this.faults.lostAnswer)) throw new PgAnswerLost('The answer was lost');
    return answer;
  }

  async cancellationStatus(cancellationId: string): Promise<CancellationStatus> {
    await this.latency();
    if (this.random.chance(this.faults.statusUnreachable)) {
      throw new PgAnswerLost('The PG could not be asked');
    }
    const known = this.cancellations.get(cancellationId);
    if (known === undefined) {
      this.cancellations.set(cancellationId, { pgTransactionId: '', answer: 'FENCED' });
      return { status: 'NO_RECORD' };
    }
    const { answer } = known;
    if (answer === 'FENCED') return { status: 'NO_RECORD' };
    return answer.outcome === 'CANCELLED'
      ? { status: 'REFUNDED', pgCancelId: answer.pgCancelId }
      : { status: 'REFUSED', pgCode: answer.pgCode, pgMessage: answer.pgMessage };
  }

  async voidApproval(request: VoidRequest): Promise<VoidAnswer> {
    await this.latency();
    const { pgTransactionId } = request;
    if (!this.voided.has(pgTransactionId)) {
      if (this.random.chance(this.faults.refuseVoid)) {
        return { outcome: 'REFUSED', pgCode: 'V001', pgMessage: 'void refused (simulated)' };
      }
      this.voided.set(pgTransactionId, this.captured.get(pgTransactionId)?.amountKrw ?? 0);
    }
    await this.latency();
    if (this.random.chance(this.faults.lostAnswer)) throw new PgAnswerLost('The answer was lost');
    return { outcome: 'VOIDED', pgVoidId: `void-${pgTransactionId}` };
  }

  /** Money the PG holds for the approvals of a payment. */
  netFor(paymentId: string): number {
    let net = 0;
    for (const [pgTransactionId, capture] of this.captured) {
      if (capture.paymentId !== paymentId) continue;
      net += capture.amountKrw;
      net -= this.refunded.get(pgTransactionId) ?? 0;
      net -= this.voided.get(pgTransactionId) ?? 0;
    }
    return net;
  }

  /** How many refunds an approval got (never more than one). */
  refundsOf(pgTransactionId: string): number {
    let count = 0;
    for (const { pgTransactionId: id, answer } of this.cancellations.values()) {
      if (id === pgTransactionId && answer !== 'FENCED' && answer.outcome === 'CANCELLED')
        count += 1;
    }
    return count;
  }

  private decideCancel(request: CancelRequest): CancelAnswer {
    const { cancellationId, pgTransactionId, amountKrw } = request;
    const known = this.cancellations.get(cancellationId);
    if (known !== undefined) {
      return known.answer === 'FENCED'
        ? { outcome: 'REFUSED', pgCode: 'C002', pgMessage: 'fenced key (simulated)' }
        : known.answer;
    }
    let answer: CancelAnswer;
    if (this.refunded.has(pgTransactionId)) {
      answer = { outcome: 'REFUSED', pgCode: 'C003', pgMessage: 'already refunded (simulated)' };
    } else if (this.random.chance(this.faults.refuseCancel)) {
      answer = { outcome: 'REFUSED', pgCode: 'C001', pgMessage: 'refused (simulated)' };
    } else {
      this.refunded.set(pgTransactionId, amountKrw);
      answer = { outcome: 'CANCELLED', pgCancelId: `refund-${cancellationId}` };
    }
    this.cancellations.set(cancellationId, { pgTransactionId, answer });
    return answer;
  }

  private latency(): Promise<void> {
    return this.time.sleep(this.random.int(this.faults.maxLatencyMs + 1));
  }
}
