import type {
  CancelAnswer,
  CancelRequest,
  CancellationStatus,
  PaymentGateway,
  VoidAnswer,
  VoidRequest,
} from './payment-gateway.port';
import { PG_NO_ANSWER, type PgOperation } from './pg-tracing';

/** Told of every call to the PG (libs/metrics' LedgerMetrics is one). */
export interface PgCallObserver {
  observePgCall(operation: PgOperation, outcome: string, seconds: number): void;
}

/**
 * The PaymentGateway port with every call counted and timed, by operation and outcome: the PG's
 * own word (`CANCELLED`, `REFUSED`, `REFUNDED`, `NO_RECORD`, `VOIDED`) or `NO_ANSWER` when the call
 * failed or timed out. Wraps whichever adapter the configuration chose, so no adapter needs to
 * know about metrics. A call that never settles is never counted; the cancellation's deadline
 * (`cancelWithin`) answers UNKNOWN for it meanwhile.
 */
export class MeteredPaymentGateway implements PaymentGateway {
  constructor(
    /** The adapter that talks to the PG. */
    readonly adapter: PaymentGateway,
    private readonly observer: PgCallObserver,
  ) {}

  cancel(request: CancelRequest): Promise<CancelAnswer> {
    return this.timed('cancel', () => this.adapter.cancel(request));
  }

  cancellationStatus(cancellationId: string): Promise<CancellationStatus> {
    return this.timed('cancellation_status', () => this.adapter.cancellationStatus(cancellationId));
  }

  voidApproval(request: VoidRequest): Promise<VoidAnswer> {
    return this.timed('void', () => this.adapter.voidApproval(request));
  }

  private async timed<T extends CancelAnswer | CancellationStatus | VoidAnswer>(
    operation: PgOperation,
    call: () => Promise<T>,
  ): Promise<T> {
    const startedMs = performance.now();
    let outcome = PG_NO_ANSWER;
    try {
      const answer = await call();
      outcome = 'outcome' in answer ? answer.outcome : answer.status;
      return answer;
    } finally {
      this.observer.observePgCall(operation, outcome, (performance.now() - startedMs) / 1_000);
    }
  }
}

/**
 * The adapter under any decorator: what asks for the adapter itself (the sandbox PG's books, the
 * closing of its file) looks through the metering.
 */
export function adapterOf(gateway: PaymentGateway): PaymentGateway {
  return gateway instanceof MeteredPaymentGateway ? adapterOf(gateway.adapter) : gateway;
}
