/**
 * The chaos loop (issue 13, item 1): the real service on the embedded SQLite store under a mixed
 * concurrent load, killed with SIGKILL at a random moment of every cycle and restarted on the
 * same data folder. Each cycle:
 *
 *   load → SIGKILL → checks on the dead folder (log, PG books, `ledger verify`) → restart →
 *   retry every unanswered command with its Idempotency-Key → checks through the API (reads,
 *   lists, reports, the sandbox route, read models against `ledger replay`).
 *
 * After the last cycle the run settles: the clock moves on until the reconcilers have finished
 * every cancellation and void and the days have closed, and the strictest checks run on a
 * stopped service. A seed names a run's choices (operations, targets, kill moments); the
 * service's own scheduling under load is not seeded, so a seed reproduces a run's shape, not its
 * exact interleaving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import { randomOf, type Random } from '../sim/sim-random';
import { checkThroughApi } from './chaos-api-checks';
import { DataFolder } from './chaos-data-folder';
import { call } from './chaos-http';
import { pictureOf } from './chaos-ledger-picture';
import { replayLedger, verifyLedger } from './chaos-ledger-cli';
import { clientLoop, clockLoop, moveClock } from './chaos-load';
import { checkLog } from './chaos-log-checks';
import { ChaosModel, KST, acknowledgement } from './chaos-model';
import { chooseRuntime, startService, type Service } from './chaos-process';
import { send, type LoadContext, type LoadControl } from './chaos-send';
import { tallyOf, type ChaosSummary } from './chaos-summary';

export interface ChaosOptions {
  readonly cycles: number;
  readonly seed: number;
  /** Concurrent client loops beside the clock loop. */
  readonly clients: number;
  /** Load time of a cycle before its kill, drawn between these (ms, real time). */
  readonly loadMs: { readonly min: number; readonly max: number };
  /** LEDGER_SANDBOX_SLOW_MS: the window a `sandbox-cancel-slow` cancellation keeps open. */
  readonly slowMs: number;
  /** `dist` (a current build) or `ts-node`; by default whichever `chooseRuntime` finds current. */
  readonly runtime?: 'dist' | 'ts-node';
  /** Keep the data folder after the run (it is always kept when something failed). */
  readonly keepData?: boolean;
  /** One line per step, for a person watching. */
  readonly progress?: (line: string) => void;
}

export const DEFAULT_CHAOS_OPTIONS: Omit<ChaosOptions, 'cycles' | 'seed'> = {
  clients: 4,
  loadMs: { min: 2_000, max: 7_000 },
  slowMs: 2_000,
};

/** The share of restarts killed again at once, during the service's start-up work. */
const KILL_AT_START_SHARE = 0.15;
/** The share of retries sent twice at once. */
const TWIN_RETRY_SHARE = 0.3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (polling; real time) until `condition` holds or `timeoutMs` passed; answers whether it held. */
async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

class ChaosRun {
  readonly model: ChaosModel;
  readonly random: Random;
  readonly folder: DataFolder;
  readonly runtime: 'dist' | 'ts-node';
  readonly control: LoadControl;
  readonly load: LoadContext;
  readonly reports = new Map<string, string>();
  service: Service | null = null;

  constructor(
    readonly options: ChaosOptions,
    readonly dataDir: string,
  ) {
    this.model = new ChaosModel(options.seed);
    this.random = randomOf(options.seed);
    this.folder = new DataFolder(dataDir);
    this.runtime = options.runtime ?? chooseRuntime();
    this.control = {
      url: '',
      stopping: false,
      killing: false,
      slowCancelsInFlight: 0,
      clockMovesInFlight: 0,
    };
    this.load = { model: this.model, control: this.control };
  }

  progress(line: string): void {
    this.options.progress?.(line);
  }

  async start(): Promise<number> {
    const started = performance.now();
    this.service = await startService(
      { dataDir: this.dataDir, slowMs: this.options.slowMs },
      this.runtime,
    );
    this.control.url = this.service.url;
    return performance.now() - started;
  }

  /** The clock where the service says it stands, then one minute on (a recorded move). */
  async startClock(): Promise<void> {
    const outcome = await call(this.control.url, 'GET', '/v1/test-clock', 'admin');
    const now = outcome.kind === 'answer' ? (outcome.body as { now?: unknown }).now : undefined;
    if (typeof now !== 'string') throw new Error('GET /v1/test-clock did not answer its now');
    this.model.clockNow = now;
    const next = DateTime.fromISO(now, { setZone: true }).setZone(KST).plus({ minutes: 1 });
    await moveClock(this.load, next.toISO({ suppressMilliseconds: true })!);
  }

  /**
   * Runs the load for a random while, sometimes waits for a moment worth a kill (a slow
   * cancellation at the PG, a clock move running its due work), then SIGKILLs the service.
   * Answers what the kill hit, for the progress line.
   */
  async loadUntilKill(): Promise<string> {
    const { min, max } = this.options.loadMs;
    this.control.stopping = false;
    this.control.killing = false;
    const loops = [
      ...Array.from({ length: this.options.clients }, (_, client) =>
        clientLoop(this.load, randomOf(this.random.int(2 ** 31)), client),
      ),
      clockLoop(this.load, randomOf(this.random.int(2 ** 31))),
    ];
    const loadMs = min + this.random.int(max - min + 1);
    await sleep(loadMs);
    let moment = `after ${(loadMs / 1000).toFixed(1)} s`;
    if (this.random.chance(0.4)) {
      const hit = await until(
        () => this.control.slowCancelsInFlight > 0 || this.control.clockMovesInFlight > 0,
        3_000,
      );
      if (hit) {
        moment +=
          this.control.slowCancelsInFlight > 0 ? ', a slow cancel in flight' : ', a clock move';
      }
    }
    await sleep(this.random.int(200));
    this.control.killing = true;
    await this.service!.kill();
    this.control.stopping = true;
    await Promise.all(loops);
    this.control.killing = false;
    return moment;
  }

  /**
   * Every command left without an answer, sent again with its key, in the order first sent; some
   * are sent twice at once (a client retrying on two connections): both attempts must meet at
   * the stream and answer alike (docs/adr/0011).
   */
  async retryPending(): Promise<number> {
    const pending = this.model.pending();
    for (const command of pending) {
      const twice = this.random.chance(TWIN_RETRY_SHARE);
      const answers = await Promise.all(
        Array.from({ length: twice ? 2 : 1 }, () => send(this.load, command)),
      );
      if (!command.pending && answers.some((answer) => answer !== null)) command.retried = true;
      const [a, b] = answers;
      if (a && b && a.status !== b.status && a.status !== 202 && b.status !== 202) {
        this.model.fail(
          'idempotency: twin retries agree',
          `#${command.seq} ${command.op} ${command.route} sent twice at once with key ` +
            `${command.key} answered ${a.status} and ${b.status}: ${a.text.slice(0, 200)} | ` +
            b.text.slice(0, 200),
          command.key,
        );
      }
    }
    return pending.length;
  }

  /** The checks on the folder: the log and the PG's books, then `ledger verify`. */
  async checkFolder(settled: boolean): Promise<void> {
    const log = this.folder.log();
    checkLog(this.model, log, pictureOf(log), this.folder.sandbox(), { settled });
    const verified = await verifyLedger(this.dataDir);
    if (!verified.ok)
      this.model.fail('ledger verify', verified.detail, `cycle ${this.model.cycle}`);
  }

  async checkApi(): Promise<void> {
    await checkThroughApi({
      model: this.model,
      url: this.control.url,
      folder: this.folder,
      reports: this.reports,
    });
  }

  /**
   * Sometimes the restarted service is killed again at once, while it does its start-up work
   * (projection catch-up, the repair of report files), and started once more.
   */
  async restart(): Promise<{ startMs: number; killedAtStart: boolean }> {
    let startMs = await this.start();
    const killedAtStart = this.random.chance(KILL_AT_START_SHARE);
    if (killedAtStart) {
      await sleep(this.random.int(100));
      await this.service!.kill();
      startMs = await this.start();
    }
    return { startMs, killedAtStart };
  }

  async cycle(cycle: number): Promise<void> {
    this.model.cycle = cycle;
    const sentBefore = this.model.commands.length;
    const moment = await this.loadUntilKill();
    const lostToKill = this.model.pending().length;
    const folderChecks = performance.now();
    await this.checkFolder(false);
    const folderChecksMs = performance.now() - folderChecks;
    const { startMs, killedAtStart } = await this.restart();
    const retried = await this.retryPending();
    const apiChecks = performance.now();
    await this.checkApi();
    const checksS = (folderChecksMs + performance.now() - apiChecks) / 1000;
    this.progress(
      `cycle ${cycle}/${this.options.cycles}: ${this.model.commands.length - sentBefore} ` +
        `commands, killed ${moment}, ${lostToKill} unanswered, ${retried} retried; ` +
        `log ${this.folder.log().length} events; restart ${(startMs / 1000).toFixed(1)} s` +
        `${killedAtStart ? ' (killed once at start-up)' : ''}, checks ${checksS.toFixed(1)} s; ` +
        `failures ${this.model.failures.length}`,
    );
  }

  /**
   * The end of the run: the clock moves on (past the reconcilers' margin, past the attention
   * limit, into the next day) so every cancellation and void settles with the PG and every day
   * closes; what the moves answered "try again later" is retried.
   */
  async settle(): Promise<void> {
    const steps = [{ minutes: 2 }, { minutes: 11 }, { days: 1 }, { minutes: 2 }];
    for (const step of steps) {
      const now = DateTime.fromISO(this.model.clockNow, { setZone: true }).setZone(KST);
      const next =
        'days' in step ? now.plus(step).startOf('day').plus({ minutes: 10 }) : now.plus(step);
      await moveClock(this.load, next.toISO({ suppressMilliseconds: true })!);
      await this.retryPending();
    }
  }

  /** SIGTERM and the last checks on the stopped service's folder. */
  async finish(): Promise<void> {
    const stopped = await this.service!.stop(10_000);
    if (!stopped) this.progress('the service did not stop within 10 s of SIGTERM: killed');
    this.model.cycle += 1;
    await this.checkFolder(true);
    const replay = await replayLedger(this.dataDir, path.join(this.dataDir, 'read-models.sqlite'));
    if (!replay.same) this.model.fail('read models equal a rebuild', replay.detail, 'final');
  }

  summary(started: number, dataKept: boolean): ChaosSummary {
    const failures = this.model.failures;
    const count = (check: string) => failures.filter((failure) => failure.check === check).length;
    const log = this.folder.log();
    const picture = pictureOf(log);
    return {
      seed: this.options.seed,
      cycles: this.options.cycles,
      runtime: this.runtime,
      dataDir: this.dataDir,
      dataKept,
      commandsSent: this.model.commands.length,
      acknowledged: this.model.commands.filter((command) => acknowledgement(command) !== undefined)
        .length,
      retried: this.model.commands.filter((command) => command.retried).length,
      lost: count('lost'),
      duplicated: count('duplicated'),
      violations: failures.length - count('lost') - count('duplicated'),
      reads: this.model.reads,
      events: log.length,
      payments: picture.payments.size,
      closedDays: picture.closes.length,
      elapsedMs: performance.now() - started,
      operations: tallyOf(this.model.commands),
      failures,
    };
  }
}

/** Runs the chaos loop on a fresh data folder and answers its summary (failures included). */
export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ledger-chaos-'));
  const run = new ChaosRun(options, dataDir);
  run.progress(
    `seed ${options.seed}, ${options.cycles} cycles, ${run.runtime}, data in ${dataDir}`,
  );
  try {
    await run.start();
    await run.startClock();
    for (let cycle = 1; cycle <= options.cycles; cycle += 1) await run.cycle(cycle);
    await run.settle();
    await run.checkApi();
    await run.finish();
  } catch (error) {
    run.model.fail(
      'chaos loop',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
    if (run.service !== null) await run.service.kill();
  }
  const keep = options.keepData === true || run.model.failures.length > 0;
  const summary = run.summary(started, keep);
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
  return summary;
}
