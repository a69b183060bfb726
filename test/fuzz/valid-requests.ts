/**
 * The well-formed request of each route, filled from what the world knows, as the viewing site,
 * the PG, the support desk, the auditor and the operator would send it (DESIGN.md §6). Mutations
 * start from these; about a third go out untouched, so the service reaches every payment state.
 */
import type { Intent } from './draft';
import type { RouteSpec } from './openapi-routes';
import type { Rng } from './rng';
import type { World } from './world';

export interface ValidParts {
  readonly params: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  /** The JSON body; undefined for none. */
  readonly body: unknown;
  readonly intent: Intent;
  /** An Accept header to send, when the route answers in more than one format. */
  readonly accept?: string;
}

type Builder = (world: World, rng: Rng) => ValidParts;

const COURTS = [
  '서울중앙지방법원',
  '서울고등법원',
  '대법원',
  '부산지방법원',
  '수원지방법원 성남지원',
];
const CASE_KINDS = ['가합', '가단', '나', '다', '노', '도', '고합', '구합', '드단'];
const CARD_ISSUERS = ['SHINHAN', 'KB', 'HYUNDAI', 'SAMSUNG', 'LOTTE', 'BC', 'NH'];
const BANK_CODES = ['004', '088', '020', '011', '081'];
/** Sandbox PG transaction ids that steer what a later cancel or void does (DESIGN.md §6). */
const PG_PREFIXES = [
  'fz-pg',
  'fz-pg',
  'fz-pg',
  'fz-pg',
  'sandbox-cancel-refused',
  'sandbox-cancel-timeout',
  'sandbox-cancel-lost',
  'sandbox-cancel-slow',
  'sandbox-void-refused',
];
const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

const none: Intent = { kind: 'none' };
const noParts = (): ValidParts => ({ params: {}, query: [], body: undefined, intent: none });

/** A payment id: a known one mostly, now and then one nobody issued. */
function paymentId(world: World, rng: Rng, status?: string): string {
  const known = rng.chance(0.95) ? world.payment(rng, status) : undefined;
  return known?.paymentId ?? `fz-unknown-${rng.int(0, 9_999)}`;
}

function method(rng: Rng): Record<string, string> {
  return rng.chance(0.7)
    ? { method: 'CARD', cardIssuer: rng.pick(CARD_ISSUERS) }
    : { method: 'BANK_TRANSFER', bankCode: rng.pick(BANK_CODES) };
}

function items(rng: Rng): { court: string; caseNumber: string }[] {
  const count = rng.chance(0.9) ? rng.int(1, 3) : rng.int(4, 40);
  const year = rng.int(2015, 2026);
  const kind = rng.pick(CASE_KINDS);
  const first = rng.int(1, 9_000_000);
  return Array.from({ length: count }, (_, i) => ({
    court: rng.pick(COURTS),
    caseNumber: `${year}${kind}${first + i}`,
  }));
}

/** The KST calendar date of an instant, `days` days later. */
function kstDate(instant: string, days: number): string {
  return new Date(Date.parse(instant) + KST_OFFSET_MS + days * DAY_MS).toISOString().slice(0, 10);
}

function settlementDate(world: World, rng: Rng): string {
  const closed = rng.chance(0.6) ? world.pick(rng, world.closedDates) : undefined;
  return closed ?? kstDate(world.now, -rng.int(0, 4));
}

/** The next test-clock instant: minutes ahead mostly (transfers expire after 15), or past midnight KST. */
function nextNow(world: World, rng: Rng): string {
  const now = Date.parse(world.now);
  if (rng.chance(0.93)) return new Date(now + rng.int(1, 20) * 60_000).toISOString();
  const kstMidnight = Math.floor((now + KST_OFFSET_MS) / DAY_MS + 1) * DAY_MS - KST_OFFSET_MS;
  return new Date(kstMidnight + rng.int(1, 600) * 1_000).toISOString();
}

const BUILDERS: Readonly<Record<string, Builder>> = {
  'POST /v1/payments': (world, rng) => {
    const payer = rng.chance(0.8)
      ? { type: 'MEMBER' as const, memberId: world.member(rng) }
      : world.guest(rng);
    return {
      params: {},
      query: [],
      body: { payer, ...method(rng), items: items(rng) },
      intent: { kind: 'request-payment', payer },
    };
  },
  'GET /v1/payments/{paymentId}': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng) },
  }),
  'POST /v1/payments/{paymentId}/complete': (world, rng) => {
    const payment = world.payment(rng, 'REQUESTED');
    const pgTransactionId = `${rng.pick(PG_PREFIXES)}-${world.seed}-${rng.int(0, 1e9)}`;
    return {
      params: { paymentId: payment?.paymentId ?? paymentId(world, rng) },
      query: [],
      body: {
        pgTransactionId,
        approvedAmount: rng.chance(0.95) ? (payment?.amount ?? 1000) : rng.int(1, 5) * 1000,
        approvedAt: world.now,
        certificateVerified: rng.chance(0.85),
      },
      intent: { kind: 'complete', pgTransactionId },
    };
  },
  'POST /v1/payments/{paymentId}/fail': (world, rng) => ({
    params: { paymentId: paymentId(world, rng, 'REQUESTED') },
    query: [],
    body: { code: rng.pick(['E1001', 'E2002', 'TIMEOUT']), message: '카드사 승인 거절' },
    intent: none,
  }),
  'POST /v1/payments/{paymentId}/refresh': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng, 'REQUESTED') },
  }),
  'POST /v1/payments/{paymentId}/items/{itemId}/view': (world, rng) => {
    const payment = world.payment(rng, 'COMPLETED');
    const itemId = payment === undefined ? 'fz-item' : rng.pick(payment.itemIds);
    return {
      ...noParts(),
      params: { paymentId: payment?.paymentId ?? paymentId(world, rng), itemId },
    };
  },
  'POST /v1/payments/{paymentId}/cancel': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng, 'COMPLETED') },
  }),
  'POST /v1/payments/{paymentId}/repayment': (world, rng) => {
    const originalId = paymentId(world, rng, 'VIEWED');
    return {
      params: { paymentId: originalId },
      query: [],
      body: method(rng),
      intent: { kind: 'repay', originalId },
    };
  },
  'GET /v1/payments/{paymentId}/confirmation': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng, 'COMPLETED') },
  }),
  'GET /v1/members/{memberId}/payments': (world, rng) => ({
    ...noParts(),
    params: { memberId: world.member(rng) },
    query: listQuery(world, rng),
  }),
  'POST /v1/guests/payments/lookup': (world, rng) => {
    const guest = world.guest(rng);
    return {
      params: {},
      query: listQuery(world, rng),
      body: {
        phone: guest.phone,
        password: rng.chance(0.95) ? guest.password : `${guest.password}-wrong`,
      },
      intent: none,
    };
  },
  'GET /v1/support/payments/{paymentId}/history': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng) },
  }),
  'GET /v1/settlements/{date}': (world, rng) => ({
    ...noParts(),
    params: { date: settlementDate(world, rng) },
  }),
  'POST /v1/settlements/{date}/close': (world, rng) => ({
    ...noParts(),
    params: { date: kstDate(world.now, -rng.int(0, 2)) },
  }),
  'GET /v1/audit/events': (world, rng) => {
    const after = rng.chance(0.5) ? world.pick(rng, world.auditPositions) : undefined;
    const query: [string, string][] = after === undefined ? [] : [['after', after]];
    if (rng.chance(0.7)) query.push(['limit', String(rng.int(1, 200))]);
    return {
      ...noParts(),
      query,
      ...(rng.chance(0.4) ? { accept: 'application/x-ndjson' } : {}),
    };
  },
  'GET /v1/audit/payments/{paymentId}': (world, rng) => ({
    ...noParts(),
    params: { paymentId: paymentId(world, rng) },
    query: [['asOf', world.now]],
  }),
  'GET /v1/audit/members/{memberId}/payments': (world, rng) => ({
    ...noParts(),
    params: { memberId: world.member(rng) },
    query: [['asOf', world.now], ...listQuery(world, rng)],
  }),
  'GET /v1/audit/digests/{date}': (world, rng) => ({
    ...noParts(),
    params: { date: settlementDate(world, rng) },
  }),
  'GET /v1/sandbox-pg/transactions/{pgTransactionId}': (world, rng) => ({
    ...noParts(),
    params: { pgTransactionId: world.pick(rng, world.pgTransactionIds) ?? 'fz-pg-none' },
  }),
  'PUT /v1/test-clock': (world, rng) => ({
    ...noParts(),
    body: { now: nextNow(world, rng) },
  }),
};

function listQuery(world: World, rng: Rng): [string, string][] {
  const query: [string, string][] = [];
  if (rng.chance(0.5)) query.push(['limit', String(rng.int(1, 100))]);
  const cursor = rng.chance(0.3) ? world.pick(rng, world.cursors) : undefined;
  if (cursor !== undefined) query.push(['cursor', cursor]);
  return query;
}

/** The valid request of a route; a route without a builder gets its parameters' examples. */
export function validParts(route: RouteSpec, world: World, rng: Rng): ValidParts {
  const builder = BUILDERS[`${route.method} ${route.template}`];
  if (builder !== undefined) return builder(world, rng);
  const params = Object.fromEntries(route.pathParams.map((param) => [param.name, 'fz-1']));
  return { params, query: [], body: route.body === undefined ? undefined : {}, intent: none };
}

/** How often each route is chosen: the command routes more, since their states run deepest. */
export function routeWeight(route: RouteSpec): number {
  if (route.template === '/v1/test-clock' && route.method === 'PUT') return 0.5;
  if (route.template.startsWith('/docs') || route.template === '/metrics') return 0.3;
  if (route.method === 'POST') return route.template === '/v1/payments' ? 4 : 2;
  return 1;
}
