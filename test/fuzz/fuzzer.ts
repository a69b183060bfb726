/**
 * One fuzzing run: start the service, read its routes from the OpenAPI document it serves, send
 * `requests` generated requests over a few keep-alive raw connections, judge every answer, learn
 * from the successes, and watch the process (alive, RSS) throughout. Returns the report; the
 * caller prints it and decides the exit code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Draft, requestBytes } from './draft';
import { Generator } from './generator';
import { DEV_KEYS, loadRoutes, routeName } from './openapi-routes';
import { judge } from './oracle';
import { NoAnswerError, RawConnection, type RawResponse } from './raw-http';
import { RunReport } from './report';
import { build, type Runtime, type Service, startService } from './service';
import { World } from './world';

export interface FuzzOptions {
  readonly requests: number;
  readonly seed: number;
  /** Keep-alive connections sending at once. */
  readonly concurrency: number;
  readonly runtime: Runtime;
  /** Build dist/ first (the CLI does; `--no-build` skips it). */
  readonly build: boolean;
  /** The RSS the process may reach before the run fails. */
  readonly maxRssBytes: number;
  /** An answer slower than this is a failure (a hang). */
  readonly answerTimeoutMs: number;
  /** Progress lines; none when undefined. */
  readonly progress?: (line: string) => void;
  /** Where each failing request's exact bytes are written, one file each. */
  readonly failureDir?: string;
}

const RSS_SAMPLE_MS = 250;
const PROGRESS_EVERY = 10_000;
/**
 * The Prometheus series the service may expose after the run, not counting histogram buckets (a
 * fixed number per label set): labels must not follow the fuzz (a raw URL or a body value as a
 * label would add one per request).
 */
const METRIC_SERIES_MAX = 2_000;

export async function fuzz(options: FuzzOptions): Promise<RunReport> {
  if (options.build && options.runtime === 'dist') build();
  const report = new RunReport(options.seed, options.requests, options.concurrency);
  const service = await startService(options.runtime);
  const sampler = sampleRss(service, report);
  const started = performance.now();
  try {
    const base = `http://localhost:${service.port}`;
    const routes = await loadRoutes(base);
    const world = new World(options.seed, await testClockNow(base));
    const generator = new Generator(options.seed, { world, routes });
    let next = 0;
    const worker = async (): Promise<void> => {
      const connection = new RawConnection('127.0.0.1', service.port);
      try {
        for (let index = next++; index < options.requests; index = next++) {
          if (service.exited()) return;
          await sendOne(generator.draft(index), index, connection, service, world, report, options);
          if ((index + 1) % PROGRESS_EVERY === 0) options.progress?.(progressLine(report, started));
        }
      } finally {
        connection.close();
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    report.reached = world.reached;
    await checkAfterwards(base, service, report);
  } finally {
    report.durationMs = performance.now() - started;
    clearInterval(sampler);
    report.rssEndBytes = service.rssBytes() ?? 0;
    await service.stop();
  }
  if (report.rssMaxBytes > options.maxRssBytes) {
    report.processProblems.push(
      `RSS reached ${report.rssMaxBytes} bytes, over the limit of ${options.maxRssBytes}`,
    );
  }
  if (options.failureDir !== undefined) saveFailures(report, options.failureDir);
  return report;
}

async function sendOne(
  draft: Draft,
  index: number,
  connection: RawConnection,
  service: Service,
  world: World,
  report: RunReport,
  options: FuzzOptions,
): Promise<void> {
  const { head, body } = requestBytes(draft, `localhost:${service.port}`);
  const bytes = Buffer.concat([head, body]);
  const sent = performance.now();
  let response: RawResponse;
  try {
    response = await connection.send(bytes, draft.method, options.answerTimeoutMs);
  } catch (error) {
    report.count(draft, 'none', performance.now() - sent);
    const reason = error instanceof Error ? error.message : String(error);
    if (!(draft.facts.mayGoUnanswered && error instanceof NoAnswerError)) {
      report.fail(failureOf(draft, index, bytes, [`no answer: ${reason}`], reason));
    }
    return;
  }
  const verdict = judge(draft, head.length, response);
  report.count(draft, response.status, Math.round(performance.now() - sent));
  report.noteUndocumented(draft, response.status, verdict.code);
  if (verdict.failures.length > 0) {
    report.fail(failureOf(draft, index, bytes, verdict.failures, answerOf(response)));
  }
  world.learn(draft, response.status, verdict.json);
}

function failureOf(
  draft: Draft,
  index: number,
  request: Buffer,
  problems: string[],
  answer: string,
) {
  return {
    index,
    route: routeName(draft.route),
    mutations: draft.mutations,
    problems,
    request,
    answer,
  };
}

function answerOf(response: RawResponse): string {
  const type = response.headers.get('content-type') ?? 'no Content-Type';
  return `${response.status} (${type}) ${response.body.toString('utf8').slice(0, 400)}`;
}

/** The test clock's instant, which valid requests move forward from. */
async function testClockNow(base: string): Promise<string> {
  const response = await fetch(`${base}/v1/test-clock`, {
    headers: { Authorization: `Bearer ${DEV_KEYS.admin}` },
  });
  const body = (await response.json()) as { now?: unknown };
  if (typeof body.now !== 'string') throw new Error('GET /v1/test-clock gave no instant');
  return body.now;
}

/** After the run: the process is up and answers, and its metrics did not grow a series per request. */
async function checkAfterwards(base: string, service: Service, report: RunReport): Promise<void> {
  if (service.exited()) {
    report.processProblems.push(
      `the service died (${service.exitDescription()}); its last output:\n${service.output()}`,
    );
    return;
  }
  const live = await fetch(`${base}/health/live`).catch((error: unknown) => error);
  if (!(live instanceof Response) || live.status !== 200) {
    report.processProblems.push(
      `GET /health/live after the run: ${String(live instanceof Response ? live.status : live)}`,
    );
  }
  const metrics = await fetch(`${base}/metrics`).then((response) => response.text());
  const series = metrics
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#') && !line.includes('_bucket{'));
  if (series.length > METRIC_SERIES_MAX) {
    report.processProblems.push(`/metrics holds ${series.length} series after the run`);
  }
}

function sampleRss(service: Service, report: RunReport): NodeJS.Timeout {
  report.rssStartBytes = service.rssBytes() ?? 0;
  report.rssMaxBytes = report.rssStartBytes;
  return setInterval(() => {
    const rss = service.rssBytes();
    if (rss !== undefined && rss > report.rssMaxBytes) report.rssMaxBytes = rss;
  }, RSS_SAMPLE_MS);
}

function progressLine(report: RunReport, started: number): string {
  const seconds = (performance.now() - started) / 1000;
  const failures = [...report.failureKinds.values()].reduce((sum, n) => sum + n, 0);
  return (
    `  ${report.requests} requests, ${Math.round(report.requests / seconds)} req/s, ` +
    `RSS max ${Math.round(report.rssMaxBytes / 1024 / 1024)} MiB, failures ${failures}`
  );
}

function saveFailures(report: RunReport, folder: string): void {
  if (report.failures.length === 0) return;
  mkdirSync(folder, { recursive: true });
  for (const failure of report.failures) {
    writeFileSync(
      path.join(folder, `seed-${report.seed}-request-${failure.index}.http`),
      failure.request,
    );
  }
}

/** Where the CLI saves failing requests by default. */
export function defaultFailureDir(seed: number): string {
  return path.join(os.tmpdir(), `ledger-fuzz-failures-${seed}`);
}
