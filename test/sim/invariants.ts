import type { EventStore, RecordedEvent } from '@lib/event-store';
import {
  evolvePayment,
  initialPaymentState,
  isPaymentEventType,
  parseIsoInstant,
  type PaymentEvent,
  type PaymentState,
  type SettlementClosed,
} from '@lib/ledger';
import {
  ALL_PROJECTIONS,
  ProjectionRunner,
  openReadModelDatabase,
  type ReadModelDatabase,
} from '@lib/projections';
import type { SimPg } from './sim-pg';
import type { SimProcess } from './sim-process';

interface ApprovalRecord {
  readonly paymentId: string;
  readonly pgTransactionId: string;
}

/** I1–I5 on the settled run (I6 is checked as the PG repeats its callbacks). */
export async function checkInvariants(
  store: EventStore,
  pg: SimPg,
  process: SimProcess,
  approvals: readonly ApprovalRecord[],
): Promise<string[]> {
  const log = await store.readAll();
  const violations: string[] = [];
  const payments = foldPayments(log, violations);
  const attention = new Set(
    log.filter((event) => event.type === 'PaymentNeedsAttention').map(paymentIdOf),
  );
  moneyAgrees(payments, attention, pg, approvals, violations);
  noPendingTransfersOverlap(log, violations);
  settlementsAddUp(log, violations);
  violations.push(...(await readModelsMatchRebuild(store, process.readModels.db)));
  return violations;
}

function paymentIdOf(event: RecordedEvent): string {
  return (event.data as { paymentId: string }).paymentId;
}

/** Folds every payment; I2 while folding: no refund while a view of the payment stood. */
function foldPayments(
  log: readonly RecordedEvent[],
  violations: string[],
): Map<string, PaymentState> {
  const payments = new Map<string, PaymentState>();
  for (const recorded of log) {
    if (!isPaymentEventType(recorded.type)) continue;
    const event = { type: recorded.type, data: recorded.data } as PaymentEvent;
    const id = paymentIdOf(recorded);
    const before = payments.get(id) ?? initialPaymentState;
    if (event.type === 'PaymentCancelled' && before.status !== 'NONE') {
      const viewed = before.items.filter((item) => item.viewedAt !== null);
      if (viewed.length > 0) {
        violations.push(`I2 ${id} was refunded while ${viewed.length} view(s) of it stood`);
      }
    }
    try {
      payments.set(id, evolvePayment(before, event));
    } catch (error) {
      violations.push(`log of ${id} breaks the payment's invariants: ${String(error)}`);
      return payments;
    }
  }
  return payments;
}

/**
 * I1: for every payment not needing attention, the money the PG holds for its approvals
 * (captured − refunded − voided) equals what the ledger says it holds (completed − cancelled);
 * and nothing is left unsettled with the PG after the run settled.
 */
function moneyAgrees(
  payments: ReadonlyMap<string, PaymentState>,
  attention: ReadonlySet<string>,
  pg: SimPg,
  approvals: readonly ApprovalRecord[],
  violations: string[],
): void {
  const ids = new Set([...payments.keys(), ...approvals.map((approval) => approval.paymentId)]);
  for (const id of ids) {
    if (attention.has(id)) continue;
    const state = payments.get(id);
    const ledger = state?.status === 'COMPLETED' ? state.amountKrw : 0;
    const atPg = pg.netFor(id);
    if (ledger !== atPg) {
      violations.push(
        `I1 ${id} (${state?.status ?? 'NONE'}): the ledger holds ${ledger}, the PG ${atPg}`,
      );
    }
    if (state?.status === 'CANCELLING') {
      violations.push(`I1 ${id} is still CANCELLING after the run settled, with no one told`);
    }
  }
  for (const approval of approvals) {
    if (pg.refundsOf(approval.pgTransactionId) > 1) {
      violations.push(`I1 ${approval.pgTransactionId} was refunded more than once`);
    }
  }
}

/** I3: a payer never has two bank transfers pending at the same time. */
function noPendingTransfersOverlap(log: readonly RecordedEvent[], violations: string[]): void {
  const live = new Map<string, { payer: string; from: number; until: number }>();
  for (const event of log) {
    const data = event.data as Record<string, unknown>;
    if (event.type === 'PaymentRequested') {
      const instrument = data.instrument as { method: string };
      if (instrument.method !== 'BANK_TRANSFER') continue;
      const payer = JSON.stringify(data.payer);
      live.set(data.paymentId as string, {
        payer,
        from: millis(data.requestedAt),
        until: millis(data.expiresAt),
      });
    } else if (event.type === 'PaymentCompleted' || event.type === 'PaymentFailed') {
      const transfer = live.get(data.paymentId as string);
      const at = millis(event.metadata.occurredAt);
      if (transfer !== undefined) transfer.until = Math.min(transfer.until, at);
    }
  }
  const transfers = [...live.entries()];
  for (const [id, a] of transfers) {
    for (const [other, b] of transfers) {
      if (id < other && a.payer === b.payer && a.from < b.until && b.from < a.until) {
        violations.push(`I3 ${id} and ${other} were pending for one payer at the same time`);
      }
    }
  }
}

function millis(value: unknown): number {
  const instant = typeof value === 'string' ? parseIsoInstant(value) : null;
  return instant === null ? Number.POSITIVE_INFINITY : instant.toMillis();
}

/**
 * I4: every completion and cancellation recorded up to the last close's cut, of a day closed by
 * then, is in exactly one report (its own day's or a later one's late adjustments), and the
 * reports' net amounts add up to the log's.
 */
function settlementsAddUp(log: readonly RecordedEvent[], violations: string[]): void {
  const closes = log
    .filter((event) => event.type === 'SettlementClosed')
    .map((event) => event.data as unknown as SettlementClosed['data']);
  if (closes.length === 0) return;
  const closedDays = new Set(closes.map((close) => close.date));
  const lastCut = closes
    .map((close) => BigInt(close.countedUpToPosition))
    .reduce((a, b) => (a > b ? a : b));
  let completed = 0;
  let cancelled = 0;
  let net = 0;
  for (const event of log) {
    if (event.position.commit > lastCut) break;
    const data = event.data as { amountKrw: number; completedOn: string };
    if (!closedDays.has(data.completedOn)) continue;
    if (event.type === 'PaymentCompleted') {
      completed += 1;
      net += data.amountKrw;
    } else if (event.type === 'PaymentCancelled') {
      cancelled += 1;
      net -= data.amountKrw;
    }
  }
  let reportedCompleted = 0;
  let reportedCancelled = 0;
  let reportedNet = 0;
  for (const { report } of closes) {
    reportedCompleted +=
      report.completed.count + (report.lateAdjustmentTotals?.completed.count ?? 0);
    reportedCancelled +=
      report.cancelled.count + (report.lateAdjustmentTotals?.cancelled.count ?? 0);
    reportedNet += report.netAmountKrw;
  }
  if (reportedCompleted !== completed || reportedCancelled !== cancelled || reportedNet !== net) {
    violations.push(
      `I4 the reports count ${reportedCompleted} completions, ${reportedCancelled} cancellations, ` +
        `net ${reportedNet}; the log ${completed}, ${cancelled}, net ${net}`,
    );
  }
}

/** I5: the live read models equal a rebuild from the log. */
async function readModelsMatchRebuild(
  store: EventStore,
  live: ReadModelDatabase,
): Promise<string[]> {
  const rebuilt = openReadModelDatabase(':memory:');
  try {
    await new ProjectionRunner({ store, db: rebuilt, projections: ALL_PROJECTIONS }).rebuild();
    const a = JSON.stringify(dump(live));
    const b = JSON.stringify(dump(rebuilt));
    return a === b ? [] : ['I5 the read models differ from a rebuild of the log'];
  } finally {
    rebuilt.close();
  }
}

function dump(db: ReadModelDatabase): Record<string, unknown[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const rows: Record<string, unknown[]> = {};
  for (const name of tables) {
    const columns = db.prepare(`SELECT * FROM "${name}" LIMIT 0`).columns().length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    rows[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all();
  }
  return rows;
}
