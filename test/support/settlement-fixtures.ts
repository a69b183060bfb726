/**
 * Support for the settlement and test-clock suites: a PG whose cancellations wait at a gate the
 * test opens, the settlement routes as helpers, and a look at a day's settlement stream.
 */
import type request from 'supertest';
import type { EventStore } from '@lib/event-store';
import type {
  CancelAnswer,
  CancelRequest,
  CancellationStatus,
  PaymentGateway,
  VoidAnswer,
  VoidRequest,
} from '@lib/gateway';
import { DEV_KEYS, expectProblem, type TestApp } from './test-app';

/** What GET /v1/settlements/{date} answers. */
export interface CountAndAmount {
  count: number;
  amount: number;
}
export interface SettlementLine {
  completed: CountAndAmount;
  cancelled: CountAndAmount;
}
export interface SettlementBody extends SettlementLine {
  date: string;
  closed: true;
  closedAt: string;
  netAmount: number;
  byMethod: { CARD: SettlementLine; BANK_TRANSFER: SettlementLine };
  byIssuer: Record<string, SettlementLine>;
  byBank: Record<string, SettlementLine>;
  /** R24. */
  lateAdjustments: {
    paymentId: string;
    type: 'COMPLETED' | 'CANCELLED';
    amount: number;
    businessDate: string;
  }[];
  lateAdjustmentTotals: SettlementLine & { netAmount: number };
  /** The Merkle root the close sealed (DESIGN.md §5); null for a close from before seals. */
  digest: string | null;
}

let putCounter = 0;

/** The late adjustments of a report with none (R24). */
export const NO_LATE_ADJUSTMENTS = {
  completed: { count: 0, amount: 0 },
  cancelled: { count: 0, amount: 0 },
  netAmount: 0,
} as const;

export function closeDay(t: TestApp, date: string): request.Test {
  return t.post('admin', `/v1/settlements/${date}/close`);
}

/** Closes `date` and expects 200 with its report. */
export async function closedReport(t: TestApp, date: string): Promise<SettlementBody> {
  const response = await closeDay(t, date);
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({
    status: 200,
  });
  return response.body as SettlementBody;
}

export function putTestClock(t: TestApp, now: string, role: keyof typeof DEV_KEYS = 'admin') {
  putCounter += 1;
  return t
    .http()
    .put('/v1/test-clock')
    .set('Authorization', `Bearer ${DEV_KEYS[role]}`)
    .set('Idempotency-Key', `test-clock-${process.pid}-${putCounter}`)
    .send({ now });
}

/** The event types of `settlement-<date>`, in order. */
export async function settlementEvents(store: EventStore, date: string): Promise<string[]> {
  return (await store.readStream(`settlement-${date}`)).map((event) => event.type);
}

/** Yields to the event loop until `condition` holds (no timers: the store's own work moves it). */
export async function eventually(condition: () => Promise<boolean>, turns = 10_000): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('The condition never held');
}

export function expectSettled(response: request.Response): void {
  expect(expectProblem(response, 409, 'CANCEL_NOT_ALLOWED').reason).toBe('SETTLED');
}

/**
 * A PG whose cancellations wait until the test opens the gate, so a test can hold a cancellation
 * "at the PG" while something else (the close) happens. Every call is recorded.
 */
export class GatedGateway implements PaymentGateway {
  readonly calls: CancelRequest[] = [];
  private gate = deferred();
  private arrived = deferred();

  /** Resolves once a cancellation has reached the PG. */
  get reached(): Promise<void> {
    return this.arrived.promise;
  }

  /** Lets every waiting (and later) cancellation through. */
  open(): void {
    this.gate.resolve();
  }

  /** Closes the gate again for the next round. */
  reset(): void {
    this.gate = deferred();
    this.arrived = deferred();
  }

  async cancel(request: CancelRequest): Promise<CancelAnswer> {
    this.calls.push(request);
    this.arrived.resolve();
    await this.gate.promise;
    return { outcome: 'CANCELLED', pgCancelId: `pg-cancel-${request.paymentId}` };
  }

  cancellationStatus(cancellationId: string): Promise<CancellationStatus> {
    const call = this.calls.find((request) => request.cancellationId === cancellationId);
    return Promise.resolve(
      call === undefined
        ? { status: 'NO_RECORD' }
        : { status: 'REFUNDED', pgCancelId: `pg-cancel-${call.paymentId}` },
    );
  }

  voidApproval(request: VoidRequest): Promise<VoidAnswer> {
    return Promise.resolve({ outcome: 'VOIDED', pgVoidId: `pg-void-${request.pgTransactionId}` });
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
