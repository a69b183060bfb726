import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { latenciesOf, median } from './stats';

export type LoadRequest = autocannon.Request;

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /**
   * A fixed offered rate (requests/s over all connections) instead of as fast as it answers.
   * autocannon paces per connection and per second: each connection sends its share of the second
   * back to back, then waits for the next second.
   */
  readonly overallRate?: number;
  readonly requests: LoadRequest[];
}

export interface LoadResult {
  /** Answers with a 2xx status per second (the median of the rounds, when combined). */
  readonly okPerSecond: number;
  readonly ok: number;
  /** Latency of each 2xx answer, from autocannon's per-response times (not its whole-ms histogram). */
  readonly latenciesMs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers that were not 2xx, by status, plus socket errors and timeouts. */
  readonly failures: ReadonlyMap<string, number>;
}

/** One autocannon run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests: options.requests,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, timeMs: number) => {
    if (status >= 200 && status < 300) latenciesMs.push(timeMs);
  });
  const result = await instance;
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    okPerSecond: latenciesMs.length / elapsedSeconds,
    ok: latenciesMs.length,
    latenciesMs,
    ...latenciesOf(latenciesMs),
    failures: failuresOf(result),
  };
}

/** Rounds of the same load as one result: the median rate, percentiles over every answer. */
export function combineLoads(runs: readonly LoadResult[]): LoadResult {
  const latenciesMs = runs.flatMap((run) => run.latenciesMs);
  const failures = new Map<string, number>();
  for (const run of runs) {
    for (const [what, n] of run.failures) failures.set(what, (failures.get(what) ?? 0) + n);
  }
  return {
    okPerSecond: median(runs.map((run) => run.okPerSecond)),
    ok: latenciesMs.length,
    latenciesMs,
    ...latenciesOf(latenciesMs),
    failures,
  };
}

/** `null` when every answer was 2xx, else e.g. `12 × 409, 3 timeouts`. */
export function describeFailures(result: LoadResult): string | null {
  if (result.failures.size === 0) return null;
  return [...result.failures].map(([what, n]) => `${n} × ${what}`).join(', ');
}

function failuresOf(result: autocannon.Result): Map<string, number> {
  const failures = new Map<string, number>();
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) failures.set(status, count);
  }
  if (result.errors > 0) failures.set('socket error', result.errors);
  if (result.timeouts > 0) failures.set('timeout', result.timeouts);
  return failures;
}
