/**
 * A deterministic simulation of the ledger at the PG boundary (issue: money at the PG boundary;
 * the way TigerBeetle's VOPR and FoundationDB test): the real deciders, command services,
 * reconcilers and settlement close, on one store, with simulated time, a PG that is slow, loses
 * answers and refuses, and processes that crash at any step. One seed names one run; a run ends
 * by letting all in-flight work settle, then checks the invariants I1–I6.
 */
import { RefusedError, ConcurrencyRetriesExhaustedError, type CommandMeta } from '@lib/commands';
import { MemoryEventStore, openSqliteEventStore, type EventStore } from '@lib/event-store';
import { isoInstant, nextBusinessDate, businessDate, dayStart } from '@lib/ledger';
import { checkInvariants } from './invariants';
import { SimPg, DEFAULT_FAULTS, type PgFaults } from './sim-pg';
import { ProcessCrashed, SimProcess, type BrokenRule } from './sim-process';
import { randomOf } from './sim-random';
import { SimTime, flush } from './sim-time';
import { scheduleOf, PAYERS, type Step } from './schedule';

export interface SimulationOptions {
  readonly store: 'memory' | 'sqlite';
  readonly broken: BrokenRule;
  readonly faults: PgFaults;
}

export const DEFAULT_OPTIONS: SimulationOptions = {
  store: 'memory',
  broken: 'none',
  faults: DEFAULT_FAULTS,
};

export interface RunResult {
  readonly violations: string[];
  readonly stats: {
    readonly events: number;
    readonly payments: number;
    readonly crashes: number;
    readonly attention: number;
    /** How many events of each type the run recorded (to see what a set of seeds covers). */
    readonly eventTypes: Readonly<Record<string, number>>;
    readonly lateAdjustments: number;
  };
}

/** Steps of a run: about a quarter of an hour of business time around midnight KST. */
export function scheduleForSeed(seed: number): Step[] {
  const random = randomOf(seed);
  return scheduleOf(random, 60 + random.int(60));
}

interface KnownPayment {
  readonly paymentId: string;
  readonly amountKrw: number;
}

interface Approval {
  readonly paymentId: string;
  readonly pgTransactionId: string;
  readonly approvedAmountKrw: number;
  /** What the ledger answered the first time: 'OK' or the refusal's code. */
  firstAnswer: string | null;
}

/** Runs one schedule; the seed also drives the PG's faults and the ids. */
export async function simulate(
  seed: number,
  schedule: readonly Step[],
  options: SimulationOptions = DEFAULT_OPTIONS,
): Promise<RunResult> {
  const run = new Run(seed, options);
  try {
    return await run.play(schedule);
  } finally {
    await run.close();
  }
}

class Run {
  private readonly time: SimTime;
  private readonly random;
  private readonly pg: SimPg;
  private readonly store: EventStore;
  private process: SimProcess;
  private readonly violations: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly known: KnownPayment[] = [];
  private readonly approvals: Approval[] = [];
  private ids = 0;
  private crashes = 0;
  private step = 0;

  constructor(
    private readonly seed: number,
    private readonly options: SimulationOptions,
  ) {
    this.random = randomOf(seed ^ 0x5eed);
    // Start a few minutes before midnight KST, so the day's close races the run's cancellations.
    this.time = new SimTime('2026-12-01T23:50:00+09:00');
    this.time.clock.advance({ seconds: this.random.int(10 * 60) });
    this.pg = new SimPg(this.time, this.random, options.faults);
    this.store =
      options.store === 'memory'
        ? new MemoryEventStore({ now: () => this.time.clock.now().toJSDate() })
        : openSqliteEventStore({ path: ':memory:', now: () => this.time.clock.now().toJSDate() });
    this.process = this.newProcess();
  }

  async play(schedule: readonly Step[]): Promise<RunResult> {
    await this.process.start();
    for (const [index, step] of schedule.entries()) {
      this.step = index;
      await this.run(step);
      await flush();
    }
    await this.settle();
    this.violations.push(
      ...(await checkInvariants(this.store, this.pg, this.process, this.approvals)),
    );
    const log = await this.store.readAll();
    const eventTypes: Record<string, number> = {};
    let lateAdjustments = 0;
    for (const event of log) {
      eventTypes[event.type] = (eventTypes[event.type] ?? 0) + 1;
      if (event.type === 'SettlementClosed') {
        const data = event.data as { report: { lateAdjustments?: unknown[] } };
        lateAdjustments += data.report.lateAdjustments?.length ?? 0;
      }
    }
    return {
      violations: this.violations,
      stats: {
        events: log.length,
        payments: this.known.length,
        crashes: this.crashes,
        attention: eventTypes.PaymentNeedsAttention ?? 0,
        eventTypes,
        lateAdjustments,
      },
    };
  }

  async close(): Promise<void> {
    await this.process.crash();
    await this.store.close();
  }

  private newProcess(): SimProcess {
    return new SimProcess(
      this.store,
      this.time,
      this.pg,
      () => `sim-${this.seed}-${(this.ids += 1)}`,
      this.options.broken,
    );
  }

  private meta(): CommandMeta {
    const id = `req-${(this.ids += 1)}`;
    return { actor: { role: 'client', id: 'sim' }, correlationId: id, causationId: id };
  }

  /** Starts `work` on the current process and lets it run alongside what is in flight. */
  private launch(what: string, work: (process: SimProcess) => Promise<void>): void {
    const process = this.process;
    const step = this.step;
    const running: Promise<void> = work(process)
      .catch((error: unknown) => {
        if (!process.isAlive) return; // died with its process
        if (error instanceof RefusedError) return; // a rule said no: the answer was a refusal
        if (error instanceof ConcurrencyRetriesExhaustedError) return; // contention: retried later
        if (error instanceof ProcessCrashed) return;
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.violations.push(`step ${step} (${what}): unexpected ${text}`);
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private pickKnown(pick: number, recent = 8): KnownPayment | undefined {
    const from = Math.max(0, this.known.length - recent);
    const candidates = this.known.slice(from);
    return candidates[Math.floor(pick * candidates.length)];
  }

  private async run(step: Step): Promise<void> {
    switch (step.kind) {
      case 'request':
        return this.launch('request', async (process) => {
          const paymentId = process.ledger.newId();
          const state = await process.newPayments.open(
            {
              type: 'RequestPayment',
              data: {
                paymentId,
                payer: { type: 'MEMBER', memberId: `m-${step.payer % PAYERS}` },
                method: step.transfer ? 'BANK_TRANSFER' : 'CARD',
                cardIssuer: step.transfer ? null : 'SHINHAN',
                bankCode: step.transfer ? '088' : null,
                items: Array.from({ length: step.items }, (_, index) => ({
                  court: '서울중앙지방법원',
                  caseNumber: `2024가합${10_000 + this.ids * 10 + index}`,
                })),
              },
            },
            this.meta(),
          );
          if (state.status !== 'NONE') this.known.push({ paymentId, amountKrw: state.amountKrw });
        });
      case 'approve': {
        const payment = this.pickKnown(step.pick);
        if (payment === undefined) return;
        const approval: Approval = {
          paymentId: payment.paymentId,
          pgTransactionId: `pg-${this.seed}-${(this.ids += 1)}`,
          approvedAmountKrw: payment.amountKrw + (step.wrongAmount ? 1_000 : 0),
          firstAnswer: null,
        };
        this.approvals.push(approval);
        // The PG captures the money first, then tells the ledger.
        this.pg.capture(approval.pgTransactionId, payment.paymentId, approval.approvedAmountKrw);
        return this.approve(approval);
      }
      case 'replay-approval': {
        const approval = this.approvals[Math.floor(step.pick * this.approvals.length)];
        if (approval !== undefined) this.approve(approval);
        return;
      }
      case 'decline':
        return this.onPayment(step.pick, 'decline', (process, paymentId) =>
          process.commands.execute(
            paymentId,
            { type: 'FailPayment', data: { code: 'D001', message: '잔액 부족' } },
            this.meta(),
          ),
        );
      case 'view':
        return this.onPayment(step.pick, 'view', async (process, paymentId) => {
          const state = await process.payments.load(paymentId);
          if (state.status === 'NONE') return;
          const item = state.items[step.item % state.items.length];
          if (item === undefined) return;
          await process.commands.execute(
            paymentId,
            { type: 'ViewJudgment', data: { itemId: item.itemId } },
            this.meta(),
          );
        });
      case 'cancel':
        return this.onPayment(step.pick, 'cancel', (process, paymentId) =>
          process.cancellations.cancel(paymentId, this.meta()),
        );
      case 'repay':
        return this.onPayment(step.pick, 'repay', async (process, paymentId) => {
          const state = await process.repayments.repay(
            paymentId,
            { method: 'CARD', cardIssuer: 'KB', bankCode: null },
            this.meta(),
          );
          if (state.status !== 'NONE') {
            this.known.push({ paymentId: state.paymentId, amountKrw: state.amountKrw });
          }
        });
      case 'refresh':
        return this.onPayment(step.pick, 'refresh', (process, paymentId) =>
          process.commands.execute(paymentId, { type: 'RefreshPayment', data: {} }, this.meta()),
        );
      case 'due-work':
        return this.launch('due work', async (process) => {
          await process.dueWork.runAll(this.meta());
        });
      case 'advance':
        return this.time.advance(step.ms);
      case 'crash':
        this.crashes += 1;
        await this.process.crash();
        this.process = this.newProcess();
        return this.process.start();
      default: {
        const unknown: never = step;
        throw new Error(`Unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }

  private onPayment(
    pick: number,
    what: string,
    work: (process: SimProcess, paymentId: string) => Promise<unknown>,
  ): void {
    const payment = this.pickKnown(pick);
    if (payment === undefined) return;
    this.launch(what, async (process) => {
      await work(process, payment.paymentId);
    });
  }

  /** I6: the PG's callback, recorded with the ledger's answer; a replay must get the same. */
  private approve(approval: Approval): void {
    this.launch('approval', async (process) => {
      let answer: string;
      try {
        await process.completions.complete(
          approval.paymentId,
          {
            pgTransactionId: approval.pgTransactionId,
            approvedAmountKrw: approval.approvedAmountKrw,
            approvedAt: isoInstant(this.time.clock.now()),
            certificateVerified: false,
          },
          this.meta(),
        );
        answer = 'OK';
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        answer = error.refusal.code;
      }
      if (!process.isAlive) return;
      if (approval.firstAnswer === null) approval.firstAnswer = answer;
      else if (approval.firstAnswer !== answer) {
        this.violations.push(
          `I6 the approval ${approval.pgTransactionId} was answered ${approval.firstAnswer}, ` +
            `then ${answer} when the PG repeated it`,
        );
      }
    });
  }

  /**
   * Lets every in-flight call end and every process settle with the PG: time moves on in
   * minutes (past the PG deadline, the margin and the reconcilers' patience) with the due work
   * run each minute; then past the next midnight, so the day closes.
   */
  private async settle(): Promise<void> {
    for (let minute = 0; minute < 16; minute += 1) {
      await this.time.advance(60_000);
      this.launch('due work (settling)', async (process) => {
        await process.dueWork.runAll(this.meta());
      });
      await this.drain();
    }
    const now = this.time.clock.now();
    const nextMidnight = dayStart(nextBusinessDate(businessDate(now)));
    await this.time.advance(nextMidnight.toMillis() - now.toMillis() + 60_000);
    this.launch('due work (closing)', async (process) => {
      await process.dueWork.runAll(this.meta());
    });
    await this.drain();
    if (this.inFlight.size > 0) {
      this.violations.push(`liveness: ${this.inFlight.size} operation(s) never finished`);
    }
    await this.process.readModels.catchUpWithLog();
  }

  /** Moves time in small steps until nothing is in flight (or a bound is reached). */
  private async drain(): Promise<void> {
    for (let round = 0; round < 200 && this.inFlight.size > 0; round += 1) {
      await this.time.advance(1_000);
    }
  }
}
