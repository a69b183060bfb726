/**
 * The figures of a run and its failures, and how they are printed: every failure with its seed,
 * its index and the exact bytes of the request, so that it can be sent again by hand.
 */
import { type Draft, escapeBytes } from './draft';
import { routeName } from './openapi-routes';

export interface Failure {
  readonly index: number;
  readonly route: string;
  readonly mutations: readonly string[];
  readonly problems: readonly string[];
  readonly request: Buffer;
  /** Status line and the start of the body, or what went wrong instead. */
  readonly answer: string;
}

/** Failures kept in full; beyond these, only counted by kind. */
const FAILURES_KEPT = 25;

export class RunReport {
  readonly byStatus = new Map<string, number>();
  readonly byRoute = new Map<string, Map<string, number>>();
  /** Milliseconds spent waiting for answers, by route: total and slowest. */
  readonly routeMs = new Map<string, { total: number; max: number }>();
  readonly byMutation = new Map<string, number>();
  /** Answers a route's OpenAPI entry does not list, by status and code: the routes that gave them. */
  readonly undocumented = new Map<string, Set<string>>();
  readonly failures: Failure[] = [];
  /** Known gaps (see oracle.ts): how often each was hit, and the first request that hit it. */
  readonly failureKinds = new Map<string, number>();
  requests = 0;
  rssStartBytes = 0;
  rssMaxBytes = 0;
  rssEndBytes = 0;
  slowestMs = 0;
  slowest = '';
  durationMs = 0;
  reached = new Map<string, number>();
  processProblems: string[] = [];

  constructor(
    readonly seed: number,
    readonly requested: number,
    readonly concurrency: number,
  ) {}

  count(draft: Draft, status: number | 'none', ms: number): void {
    this.requests += 1;
    const key = String(status);
    bump(this.byStatus, key);
    const route = routeName(draft.route);
    const statuses = this.byRoute.get(route) ?? new Map<string, number>();
    bump(statuses, key);
    this.byRoute.set(route, statuses);
    const time = this.routeMs.get(route) ?? { total: 0, max: 0 };
    time.total += ms;
    time.max = Math.max(time.max, ms);
    this.routeMs.set(route, time);
    for (const mutation of draft.mutations) bump(this.byMutation, mutation.replace(/\(.*$/, ''));
    if (draft.mutations.length === 0) bump(this.byMutation, 'none (valid)');
    if (ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowest = `${route} (${draft.mutations.join(', ') || 'valid'})`;
    }
  }

  /** Notes an answer the route's OpenAPI entry does not list (a route missed is no news). */
  noteUndocumented(draft: Draft, status: number, code: string | undefined): void {
    const routeKept = draft.pathEdits.length === 0 && !draft.facts.wrongMethod;
    if (!routeKept || draft.route.statuses.has(status) || code === 'NOT_FOUND') return;
    const answer = `${status} ${code ?? '(no code)'}`;
    const routes = this.undocumented.get(answer) ?? new Set<string>();
    this.undocumented.set(answer, routes.add(routeName(draft.route)));
  }

  fail(failure: Failure): void {
    for (const problem of failure.problems) {
      bump(this.failureKinds, `${failure.route}: ${problem.replace(/\(.*$/, '').slice(0, 120)}`);
    }
    if (this.failures.length < FAILURES_KEPT) this.failures.push(failure);
  }

  get failed(): boolean {
    return this.failureKinds.size > 0 || this.processProblems.length > 0;
  }

  print(write: (line: string) => void): void {
    const seconds = this.durationMs / 1000;
    write(
      `HTTP fuzzing: ${this.requests} requests in ${seconds.toFixed(1)} s ` +
        `(${Math.round(this.requests / seconds)} req/s), seed ${this.seed}, ` +
        `${this.concurrency} connections`,
    );
    write(`statuses: ${entries(this.byStatus, (a, b) => a[0].localeCompare(b[0]))}`);
    write('by route (requests, mean/max answer time, statuses):');
    for (const [route, statuses] of [...this.byRoute].sort((a, b) => a[0].localeCompare(b[0]))) {
      const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
      const time = this.routeMs.get(route) ?? { total: 0, max: 0 };
      const ms = `${Math.round(time.total / total)}/${Math.round(time.max)} ms`;
      write(
        `  ${route.padEnd(52)} ${String(total).padStart(7)} ${ms.padStart(13)}  ` +
          entries(statuses, (a, b) => a[0].localeCompare(b[0])),
      );
    }
    write(`mutations: ${entries(this.byMutation)}`);
    write(`payment states reached by valid requests: ${entries(this.reached)}`);
    write(
      `RSS: start ${mib(this.rssStartBytes)}, max ${mib(this.rssMaxBytes)}, end ${mib(this.rssEndBytes)}`,
    );
    write(`slowest answer: ${this.slowestMs} ms, ${this.slowest}`);
    if (this.undocumented.size > 0) {
      write("answers a route's OpenAPI entry does not list (not failures; the document could):");
      for (const [answer, routes] of [...this.undocumented].sort((a, b) => b[1].size - a[1].size)) {
        write(`  ${answer} on ${routes.size} route(s): ${[...routes].sort().join(', ')}`);
      }
    }
    for (const problem of this.processProblems) write(`FAILURE (process): ${problem}`);
    if (this.failureKinds.size > 0) {
      write(`FAILURES by kind (seed ${this.seed}):`);
      for (const [kind, n] of [...this.failureKinds].sort((a, b) => b[1] - a[1])) {
        write(`  ${kind} ×${n}`);
      }
    }
    for (const failure of this.failures) {
      write('');
      write(`FAILURE seed ${this.seed} request #${failure.index}: ${failure.route}`);
      write(`  mutations: ${failure.mutations.join(', ') || 'none'}`);
      for (const problem of failure.problems) write(`  - ${problem}`);
      write(`  answer: ${failure.answer}`);
      write(`  request bytes (escaped): ${escapeBytes(failure.request, 3_000)}`);
    }
    write(this.failed ? `FAILED (seed ${this.seed})` : `passed (seed ${this.seed})`);
  }
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function entries(
  counts: ReadonlyMap<string, number>,
  order: (a: [string, number], b: [string, number]) => number = (a, b) => b[1] - a[1],
): string {
  return (
    [...counts]
      .sort(order)
      .map(([key, n]) => `${key} ${n}`)
      .join(' · ') || '-'
  );
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
