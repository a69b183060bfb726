/**
 * The checks through the API of the restarted service, once the unanswered commands have been
 * retried: each payment touched since the last checks reads as the log says; each member's list
 * and each guest's look-up lists exactly the payer's payments, with the log's statuses (the read
 * models, after read-your-writes); the settlement reports of closed days equal their files and
 * never change; the sandbox PG's route shows its books; and the read models equal a clean rebuild
 * from the log (`ledger replay` on a copy of the live file).
 */
import { isDeepStrictEqual } from 'node:util';
import { call, type Answer } from './chaos-http';
import type { DataFolder, SandboxBooks } from './chaos-data-folder';
import { pictureOf, type LedgerPicture } from './chaos-ledger-picture';
import { replayLedger } from './chaos-ledger-cli';
import { DECOY_GUEST } from './chaos-load';
import { payerKeyOf, payerOfBody, type ChaosModel, type PayerRef } from './chaos-model';

export interface ApiCheckContext {
  readonly model: ChaosModel;
  readonly url: string;
  readonly folder: DataFolder;
  /** The first report seen of each closed day (JSON text): a closed report never changes. */
  readonly reports: Map<string, string>;
}

/** Attempts of a comparison that a background step (a sweep, a reconciler) may race with. */
const SETTLE_ATTEMPTS = 5;
const SETTLE_PAUSE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function checkThroughApi(ctx: ApiCheckContext): Promise<void> {
  await paymentsReadAsLogged(ctx);
  await listsReadAsLogged(ctx);
  await reportsNeverChange(ctx);
  await sandboxRouteShowsBooks(ctx);
  await readModelsEqualRebuild(ctx);
  ctx.model.touched.clear();
  ctx.model.touchedPayers.clear();
}

/**
 * Runs `compare` on fresh reads until it finds nothing wrong, a few times: the service's own
 * background work may append between a read and the log's read. Answers what was still wrong.
 */
async function settled(compare: () => Promise<string[]>): Promise<string[]> {
  let problems: string[] = [];
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt += 1) {
    problems = await compare();
    if (problems.length === 0) return [];
    await sleep(SETTLE_PAUSE_MS);
  }
  return problems;
}

function freshPicture(ctx: ApiCheckContext): LedgerPicture {
  return pictureOf(ctx.folder.log());
}

async function get(ctx: ApiCheckContext, route: string, role: 'client' | 'admin') {
  ctx.model.reads += 1;
  return call(ctx.url, 'GET', route, role);
}

interface PaymentView {
  readonly paymentId: string;
  readonly status: string;
  readonly items?: readonly { readonly itemId: string; readonly viewed?: boolean }[];
}

/** How a payment reads differs from its fold, or null. */
function differsFromLog(view: PaymentView, picture: LedgerPicture): string | null {
  const state = picture.payments.get(view.paymentId)?.state;
  if (state === undefined || state.status === 'NONE') return `${view.paymentId} is not in the log`;
  if (view.status !== state.status) {
    return `${view.paymentId} reads ${view.status}, the log says ${state.status}`;
  }
  const viewed = (view.items ?? []).filter((item) => item.viewed === true).map((i) => i.itemId);
  const logged = state.items.filter((item) => item.viewedAt !== null).map((i) => i.itemId);
  if (!isDeepStrictEqual(viewed.sort(), logged.sort())) {
    return `${view.paymentId} reads viewed [${viewed.join(', ')}], the log [${logged.join(', ')}]`;
  }
  return null;
}

/** `GET /v1/payments/{id}` folds the stream itself: it must equal the log's fold exactly. */
async function paymentsReadAsLogged(ctx: ApiCheckContext): Promise<void> {
  const ids = [...ctx.model.touched];
  const problems = await settled(async () => {
    const views: PaymentView[] = [];
    const problems: string[] = [];
    for (const id of ids) {
      const outcome = await get(ctx, `/v1/payments/${id}`, 'client');
      if (outcome.kind === 'lost') problems.push(`GET /v1/payments/${id} got no answer`);
      else if (outcome.status === 200) views.push(outcome.body as PaymentView);
      else if (outcome.status !== 404 || freshPicture(ctx).payments.has(id)) {
        problems.push(`GET /v1/payments/${id} answered ${outcome.status}`);
      }
    }
    const picture = freshPicture(ctx);
    for (const view of views) {
      const problem = differsFromLog(view, picture);
      if (problem !== null) problems.push(problem);
    }
    return problems;
  });
  for (const problem of problems) ctx.model.fail('API reads the log', problem);
}

/** Every page of a list: the member's (GET) or the guest's look-up (POST with phone and password). */
async function allPages(
  ctx: ApiCheckContext,
  payer: PayerRef,
): Promise<{ views: PaymentView[]; problem: string | null }> {
  const views: PaymentView[] = [];
  let cursor: string | null = null;
  do {
    const query = `?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    ctx.model.reads += 1;
    const outcome =
      payer.kind === 'member'
        ? await call(ctx.url, 'GET', `/v1/members/${payer.memberId}/payments${query}`, 'client')
        : await call(ctx.url, 'POST', `/v1/guests/payments/lookup${query}`, 'client', {
            body: { phone: payer.phone, password: payer.password },
          });
    if (outcome.kind === 'lost') return { views, problem: 'got no answer' };
    if (outcome.status !== 200) return { views, problem: `answered ${outcome.status}` };
    if (isStale(outcome)) return { views, problem: 'answered from stale read models' };
    const page = outcome.body as { payments: PaymentView[]; nextCursor: string | null };
    views.push(...page.payments);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return { views, problem: null };
}

function isStale(answer: Answer): boolean {
  return answer.headers['x-read-model-stale'] === 'true';
}

/** The payer of every payment the clients created: from the request's body, or the original's. */
function payersOfPayments(model: ChaosModel): Map<string, PayerRef> {
  const payers = new Map<string, PayerRef>();
  for (const command of model.commands) {
    if (!command.op.startsWith('request-')) continue;
    const { payer } = command.body as { payer: Record<string, string> };
    payers.set(command.paymentId!, payerOfBody(payer));
  }
  for (const command of model.commands) {
    if (command.op !== 'repayment') continue;
    const payer = payers.get(command.route.split('/')[3]!);
    if (payer !== undefined) payers.set(command.paymentId!, payer);
  }
  return payers;
}

/**
 * R14, R15 through the read models: a payer's list holds exactly the payer's payments in the
 * log (every run stays well inside the 3-month window), each with the log's status.
 */
async function listsReadAsLogged(ctx: ApiCheckContext): Promise<void> {
  const payers = payersOfPayments(ctx.model);
  const touched = new Map<string, PayerRef>();
  for (const payer of payers.values()) {
    const id = payerKeyOf(payer);
    if (ctx.model.touchedPayers.has(id) && id !== payerKeyOf(DECOY_GUEST)) touched.set(id, payer);
  }
  const expectedOf = (id: string, picture: LedgerPicture) =>
    [...picture.payments.values()]
      .filter((payment) => {
        const owner = payers.get(payment.paymentId);
        return owner !== undefined && payerKeyOf(owner) === id;
      })
      .map((payment) => payment.paymentId)
      .sort();
  for (const [id, payer] of touched) {
    // A guest with no payment would answer 401 like a wrong password, counted towards a lock.
    if (payer.kind === 'guest' && expectedOf(id, freshPicture(ctx)).length === 0) continue;
    const problems = await settled(async () => {
      const { views, problem } = await allPages(ctx, payer);
      if (problem !== null) return [`${id}'s list ${problem}`];
      const picture = freshPicture(ctx);
      const expected = expectedOf(id, picture);
      const listed = views.map((view) => view.paymentId).sort();
      const problems: string[] = [];
      if (!isDeepStrictEqual(listed, expected)) {
        const missing = expected.filter((paymentId) => !listed.includes(paymentId));
        const extra = listed.filter((paymentId) => !expected.includes(paymentId));
        problems.push(
          `${id}'s list has ${listed.length} payments, the log ${expected.length}` +
            ` (missing ${missing.join(', ') || 'none'}; extra ${extra.join(', ') || 'none'})`,
        );
      }
      for (const view of views) {
        const problem = differsFromLog(view, picture);
        if (problem !== null) problems.push(`${id}'s list: ${problem}`);
      }
      return problems;
    });
    for (const problem of problems) ctx.model.fail('read models: lists', problem);
  }
}

/** A closed day's report answers 200, equals its file, and never changes (R18, R24). */
async function reportsNeverChange(ctx: ApiCheckContext): Promise<void> {
  const picture = freshPicture(ctx);
  for (const close of picture.closes) {
    const outcome = await get(ctx, `/v1/settlements/${close.date}`, 'admin');
    if (outcome.kind === 'lost' || outcome.status !== 200) {
      const status = outcome.kind === 'lost' ? 'no answer' : outcome.status;
      ctx.model.fail('settlement reports', `GET /v1/settlements/${close.date}: ${status}`);
      continue;
    }
    const report = outcome.body as { netAmount?: unknown };
    if (report.netAmount !== close.report.netAmountKrw) {
      ctx.model.fail(
        'settlement reports',
        `${close.date} reads netAmount ${String(report.netAmount)}, its SettlementClosed ` +
          `${close.report.netAmountKrw}`,
      );
    }
    const first = ctx.reports.get(close.date);
    if (first === undefined) ctx.reports.set(close.date, outcome.text);
    else if (!isDeepStrictEqual(JSON.parse(first), outcome.body)) {
      ctx.model.fail(
        'R18 a closed report never changes',
        `${close.date} first read ${first.slice(0, 400)}, now ${outcome.text.slice(0, 400)}`,
        close.date,
      );
    }
    const problem = await settledFile(ctx, close.date, outcome.body);
    if (problem !== null) ctx.model.fail('settlement files', problem, `file ${close.date}`);
  }
}

/**
 * `settlements/<date>.json` equals the report, and its CSV and seal are there: a crash between
 * the close and its files is repaired at the next start (libs/settlement/settlement-files.ts).
 */
async function settledFile(ctx: ApiCheckContext, date: string, report: unknown) {
  const problems = await settled(() => {
    const missing = (['json', 'csv', 'digest'] as const).filter(
      (extension) => ctx.folder.settlementFile(date, extension) === null,
    );
    if (missing.length > 0) {
      return Promise.resolve([`settlements/${date}.{${missing.join(',')}} missing`]);
    }
    const same = isDeepStrictEqual(JSON.parse(ctx.folder.settlementFile(date, 'json')!), report);
    return Promise.resolve(same ? [] : [`settlements/${date}.json differs from the report`]);
  });
  return problems[0] ?? null;
}

/** `GET /v1/sandbox-pg/transactions/{id}` shows the refunds and voids of the PG's own file. */
async function sandboxRouteShowsBooks(ctx: ApiCheckContext): Promise<void> {
  const approvals = [...ctx.model.approvals.values()].filter((approval) =>
    ctx.model.touched.has(approval.paymentId),
  );
  for (const approval of approvals.slice(0, 40)) {
    const route = `/v1/sandbox-pg/transactions/${encodeURIComponent(approval.pgTransactionId)}`;
    const problems = await settled(async () => {
      const outcome = await get(ctx, route, 'admin');
      if (outcome.kind === 'lost' || outcome.status !== 200) {
        return [`GET ${route}: ${outcome.kind === 'lost' ? 'no answer' : outcome.status}`];
      }
      const shown = outcome.body as { refunds: unknown[]; voids: unknown[] };
      const books: SandboxBooks = ctx.folder.sandbox();
      const refunds = books.refunds.filter((r) => r.pgTransactionId === approval.pgTransactionId);
      const voids = books.voids.filter((v) => v.pgTransactionId === approval.pgTransactionId);
      return shown.refunds.length === refunds.length && shown.voids.length === voids.length
        ? []
        : [
            `${route} shows ${shown.refunds.length} refunds and ${shown.voids.length} voids, ` +
              `its file ${refunds.length} and ${voids.length}`,
          ];
    });
    for (const problem of problems) ctx.model.fail('sandbox PG route', problem);
  }
}

/**
 * The live read models equal a rebuild from the log: `ledger replay` on a copy of the live file.
 * A copy taken while the service applied an event may trail the log: taken again until it is
 * caught up.
 */
async function readModelsEqualRebuild(ctx: ApiCheckContext): Promise<void> {
  let last = '';
  for (let attempt = 1; attempt <= SETTLE_ATTEMPTS; attempt += 1) {
    const result = await ctx.folder.withReadModelCopy((copy) => replayLedger(ctx.folder.dir, copy));
    if (result.same) return;
    last = `behind by ${result.behind}: ${result.detail}`;
    await sleep(SETTLE_PAUSE_MS);
  }
  ctx.model.fail('read models equal a rebuild', last, `cycle ${ctx.model.cycle}`);
}
