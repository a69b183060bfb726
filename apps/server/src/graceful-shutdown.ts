import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestDrain, type RequestInFlight } from './request-drain';

export interface GracefulShutdownOptions {
  /** How long the requests in flight and the closing of the app may take in all. */
  readonly graceMs: number;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
  readonly exit?: (code: number) => void;
}

/**
 * Once the grace has run out, how long closing the app (the worker's checkpoints, the store) may
 * still take before the process exits anyway. Closing the store is quick; a worker's run that
 * waits for the PG is what may not end, and its intent is in the log for the reconciler.
 */
const CLOSE_AFTER_GRACE_MS = 2_000;

/**
 * On SIGTERM or SIGINT: stop taking requests, let those in flight finish, then close the app in
 * Nest's order (the schedules, the reactor and the projection runner stop at a checkpoint in
 * `onModuleDestroy`; the HTTP server closes; the event store checkpoints its WAL and closes, and
 * the sandbox PG's file with it) and exit 0. When all that takes longer than the grace, name what
 * was still in flight, cut the connections, close what can be closed in a moment, and exit 1.
 * A repeated signal (npm and a terminal both send SIGINT) changes nothing: the grace bounds it.
 */
export function stopGracefullyOnSignals(
  app: NestFastifyApplication,
  options: GracefulShutdownOptions,
): void {
  let shutdown: GracefulShutdown | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown !== undefined) {
      shutdown.signalledAgain(signal);
      return;
    }
    shutdown = new GracefulShutdown(app, options);
    void shutdown.run(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

class GracefulShutdown {
  private readonly drain: RequestDrain;
  private readonly server: Server;
  private readonly log: (line: string) => void;
  private readonly error: (line: string) => void;
  private readonly exitWith: (code: number) => void;
  private readonly startedMs = performance.now();
  private closing: Promise<void> | undefined;
  private outOfTime = false;
  private exited = false;

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly options: GracefulShutdownOptions,
  ) {
    this.drain = app.get(RequestDrain);
    this.server = app.getHttpServer();
    this.log = options.log ?? ((line) => console.log(line));
    this.error = options.error ?? ((line) => console.error(line));
    this.exitWith = options.exit ?? ((code) => process.exit(code));
  }

  async run(signal: NodeJS.Signals): Promise<void> {
    const deadline = setTimeout(() => void this.graceRanOut(), this.options.graceMs);
    const inFlight = this.drain.requestsInFlight.length;
    // The drain closes the port before its first await: the line below is only ever read by
    // someone whose new connection will be refused (a test connects as soon as it reads it).
    const drained = this.drain.drain(this.server);
    this.log(
      `${signal}: stopping. New requests are refused; ${inFlight} in flight get up to ` +
        `${seconds(this.options.graceMs)} s to finish`,
    );
    try {
      await drained;
      if (this.outOfTime) return;
      this.log('Requests answered; stopping the worker at a checkpoint and closing the store');
      await this.close();
    } catch (error) {
      if (this.outOfTime) return;
      clearTimeout(deadline);
      this.error(`Stopping failed: ${describe(error)}`);
      this.exit(1);
      return;
    }
    if (this.outOfTime) return;
    clearTimeout(deadline);
    this.log(`Stopped in ${seconds(performance.now() - this.startedMs)} s; the store is closed`);
    this.exit(0);
  }

  signalledAgain(signal: NodeJS.Signals): void {
    const leftMs = Math.max(0, this.options.graceMs - (performance.now() - this.startedMs));
    this.log(`${signal} again: already stopping (at most ${seconds(leftMs)} s more)`);
  }

  private async graceRanOut(): Promise<void> {
    this.outOfTime = true;
    const requests = this.drain.requestsInFlight;
    this.error(
      `Stopping took longer than the grace of ${seconds(this.options.graceMs)} s ` +
        '(LEDGER_SHUTDOWN_GRACE_SECONDS): ' +
        (requests.length > 0
          ? `${requests.length} request(s) still in flight: ${requests.map(described).join(', ')}`
          : 'no request in flight') +
        (this.closing === undefined ? '' : '; the worker or the store was still closing') +
        '. Cutting the connections and exiting with code 1',
    );
    this.drain.abandon(this.server);
    const giveUp = setTimeout(() => this.exit(1), CLOSE_AFTER_GRACE_MS);
    try {
      await this.close();
    } catch (error) {
      this.error(`Closing after the grace failed: ${describe(error)}`);
    }
    clearTimeout(giveUp);
    this.exit(1);
  }

  /** Closes the app once, whoever asks first. */
  private close(): Promise<void> {
    this.closing ??= this.app.close();
    return this.closing;
  }

  private exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.exitWith(code);
  }
}

function described(request: RequestInFlight): string {
  return `${request.method} ${request.path} (for ${seconds(performance.now() - request.startedMs)} s)`;
}

function seconds(ms: number): string {
  return (ms / 1_000).toFixed(1);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
