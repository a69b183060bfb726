import { LedgerContext } from '@lib/commands';
import { DEFAULT_LEDGER_POLICY, type PaymentCommand } from '@lib/ledger';
import type { EventStore } from '@lib/event-store';
import type { PaymentGateway } from '@lib/gateway';
import {
  ApprovalVoids,
  CancellationReconciler,
  DueWork,
  NewPayments,
  PayerGuard,
  PaymentCancellations,
  PaymentCommands,
  PaymentCompletions,
  PaymentFollowUps,
  PaymentStore,
  RepaymentGuard,
  Repayments,
  TransferExpirySweep,
  type PaymentOutcome,
} from '@lib/payments';
import { ReadModels } from '@lib/projections';
import {
  CancellationFence,
  DueSettlements,
  SettlementCalendar,
  SettlementCloser,
  SettlementDays,
  SettlementFiles,
  SettlementLogScan,
} from '@lib/settlement';
import type { CommandMeta } from '@lib/commands';
import type { SimTime } from './sim-time';

/** Thrown at a crashed process that still tries to use the store. */
export class ProcessCrashed extends Error {
  override readonly name = 'ProcessCrashed';
}

/** The simulator writes no report files (the report is the SettlementClosed event). */
class NoReportFiles extends SettlementFiles {
  constructor() {
    super({ dataDir: '/nonexistent' });
  }

  override ensure(): Promise<void> {
    return Promise.resolve();
  }
}

/** A rule the simulator can break on purpose, to prove its invariants catch it. */
export type BrokenRule = 'none' | 'view-during-cancelling' | 'skip-voids';

/** R20 broken: a view is decided as if the payment were COMPLETED while it is CANCELLING. */
class ViewDuringCancellingStore extends PaymentStore {
  constructor(
    private readonly rawStore: EventStore,
    private readonly context: LedgerContext,
  ) {
    super(rawStore, context);
  }

  override async decideAndAppend(
    paymentId: string,
    command: PaymentCommand,
    meta: CommandMeta,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<PaymentOutcome> {
    const state = await this.load(paymentId);
    if (command.type !== 'ViewJudgment' || state.status !== 'CANCELLING') {
      return super.decideAndAppend(paymentId, command, meta, options);
    }
    const item = state.items.find((candidate) => candidate.itemId === command.data.itemId);
    if (item === undefined || item.viewedAt !== null) {
      return super.decideAndAppend(paymentId, command, meta, options);
    }
    // Append the view the rule would have refused, bypassing the CANCELLING check.
    const event = {
      type: 'JudgmentViewed' as const,
      data: {
        paymentId,
        itemId: item.itemId,
        viewedAt: '2026-12-01T00:00:00.000+09:00',
        transferredFrom: null,
      },
    };
    await this.rawStore.appendToStream(`payment-${paymentId}`, [
      { type: event.type, data: event.data, metadata: this.context.eventMetadata(meta, 1) },
    ]);
    return { state, decision: { events: [event] }, position: undefined, replayed: false };
  }
}

/** R22 broken: refused approvals are never given back. */
class SkippedVoids extends ApprovalVoids {
  override afterAppend(): Promise<void> {
    return Promise.resolve();
  }

  override reconcileDue(): Promise<[]> {
    return Promise.resolve([]);
  }
}

/**
 * One process of the ledger, built from the real library classes with `new` (no Nest): the
 * services a request, the worker or the test clock uses. Its store is fenced: once the process
 * crashes, nothing it still runs can write.
 */
export class SimProcess {
  private alive = true;
  readonly store: EventStore;
  readonly ledger: LedgerContext;
  readonly payments: PaymentStore;
  readonly commands: PaymentCommands;
  readonly newPayments: NewPayments;
  readonly completions: PaymentCompletions;
  readonly cancellations: PaymentCancellations;
  readonly repayments: Repayments;
  readonly dueWork: DueWork;
  readonly readModels: ReadModels;

  constructor(
    shared: EventStore,
    time: SimTime,
    gateway: PaymentGateway,
    ids: () => string,
    broken: BrokenRule,
  ) {
    this.store = fenced(shared, () => this.alive);
    const ledger = new LedgerContext(time.clock, { policy: DEFAULT_LEDGER_POLICY }, ids);
    this.ledger = ledger;
    const store = this.store;
    const payments =
      broken === 'view-during-cancelling'
        ? new ViewDuringCancellingStore(store, ledger)
        : new PaymentStore(store, ledger);
    this.payments = payments;
    const payerGuard = new PayerGuard(store, ledger);
    const repaymentGuard = new RepaymentGuard(store, ledger);
    const followUps = new PaymentFollowUps(payments, payerGuard, repaymentGuard);
    this.readModels = new ReadModels(store, time.clock, { readModelFile: ':memory:' });
    const voids =
      broken === 'skip-voids'
        ? new SkippedVoids(payments, this.readModels, ledger, gateway)
        : new ApprovalVoids(payments, this.readModels, ledger, gateway);
    this.commands = new PaymentCommands(payments, followUps, voids);
    this.newPayments = new NewPayments(ledger, payments, payerGuard);
    const days = new SettlementDays(store, ledger);
    const calendar = new SettlementCalendar(store);
    const fence = new CancellationFence(days, ledger);
    const scan = new SettlementLogScan(store);
    const files = new NoReportFiles();
    const closer = new SettlementCloser(days, scan, files, ledger, time);
    const dueSettlements = new DueSettlements(days, closer, files, ledger, scan);
    this.completions = new PaymentCompletions(
      payments,
      this.commands,
      calendar,
      ledger,
      repaymentGuard,
    );
    this.cancellations = new PaymentCancellations(
      payments,
      this.commands,
      calendar,
      fence,
      ledger,
      gateway,
      time,
    );
    this.repayments = new Repayments(payments, this.newPayments, calendar, ledger, repaymentGuard);
    const reconciler = new CancellationReconciler(
      payments,
      this.commands,
      this.readModels,
      ledger,
      gateway,
    );
    const sweep = new TransferExpirySweep(this.readModels, payments, followUps, ledger);
    this.dueWork = new DueWork(sweep, dueSettlements, reconciler, voids);
  }

  get isAlive(): boolean {
    return this.alive;
  }

  start(): Promise<void> {
    return this.readModels.onModuleInit();
  }

  /** The process dies: nothing it still runs reaches the store again; its read models are gone. */
  async crash(): Promise<void> {
    this.alive = false;
    await this.readModels.onModuleDestroy();
  }
}

function fenced(store: EventStore, alive: () => boolean): EventStore {
  const guard = <T>(work: () => Promise<T>): Promise<T> =>
    alive() ? work() : Promise.reject(new ProcessCrashed('The process crashed'));
  return {
    appendToStream: (streamId, events, options) =>
      guard(() => store.appendToStream(streamId, events, options)),
    readStream: (streamId, options) => guard(() => store.readStream(streamId, options)),
    readAll: (options) => guard(() => store.readAll(options)),
    subscribeToAll: (options) => store.subscribeToAll(options),
    // The store outlives every process.
    close: () => Promise.resolve(),
  };
}
