/**
 * Request `index` of a run: a route chosen by weight, its valid form filled from the world, then
 * (for about two requests in three) one to three mutations. Once final, the draft is judged
 * against the contract: what about its bytes means it can only be refused.
 */
import { BODY_MUTATIONS } from './body-mutations';
import { type Draft, bodyBytes, headerOf } from './draft';
import { HEADER_MUTATIONS } from './header-mutations';
import type { Mutation, MutationContext } from './mutation';
import { DEV_KEYS, type RouteSpec } from './openapi-routes';
import { encodeParam, PATH_MUTATIONS } from './path-mutations';
import { bodyRefusals, pathParamRefusal, queryRefusals } from './refusals';
import { Rng } from './rng';
import { routeWeight, validParts } from './valid-requests';

/** Share of requests sent exactly as a well-behaved client would. */
const VALID_SHARE = 0.35;

const MUTATIONS: readonly Mutation[] = [...BODY_MUTATIONS, ...HEADER_MUTATIONS, ...PATH_MUTATIONS];

/** An Idempotency-Key: 1–255 visible ASCII characters (the service's 400 message says so). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export class Generator {
  private readonly weighted: readonly (readonly [number, RouteSpec])[];

  constructor(
    private readonly seed: number,
    private readonly context: MutationContext,
  ) {
    this.weighted = context.routes.map((route) => [routeWeight(route), route] as const);
  }

  draft(index: number): Draft {
    const rng = Rng.for(this.seed, index);
    const route = rng.weighted(this.weighted);
    const draft = this.validDraft(route, index, rng);
    if (!rng.chance(VALID_SHARE)) {
      const count = rng.weighted([
        [6, 1],
        [3, 2],
        [1, 3],
      ] as const);
      for (let i = 0; i < count; i += 1) {
        const applicable = MUTATIONS.filter((mutation) => mutation.applies(draft));
        const mutation = rng.weighted(applicable.map((m) => [m.weight, m] as const));
        draft.mutations.push(mutation.apply(draft, Rng.for(this.seed, index, i + 1), this.context));
      }
    }
    draft.facts.mustRefuse.push(...refusalsOf(draft));
    return draft;
  }

  private validDraft(route: RouteSpec, index: number, rng: Rng): Draft {
    const parts = validParts(route, this.context.world, rng);
    const headers: [string, Buffer][] = [];
    if (route.roles !== 'public') {
      headers.push(['Authorization', Buffer.from(`Bearer ${DEV_KEYS[rng.pick(route.roles)]}`)]);
    }
    if (route.idempotencyKey) {
      const key = `fz-${this.seed}-${index}`;
      headers.push(['Idempotency-Key', Buffer.from(key)]);
      this.context.world.rememberKey(key);
    }
    if (parts.accept !== undefined) headers.push(['Accept', Buffer.from(parts.accept)]);
    let body: Draft['body'] = { kind: 'none' };
    if (parts.body !== undefined) {
      headers.push(['Content-Type', Buffer.from('application/json')]);
      // A copy: mutations edit it in place, and the intent keeps what a valid request meant.
      body = {
        kind: 'json',
        value: structuredClone(parts.body),
        rawTokens: new Map(),
        byteEdits: [],
      };
    }
    const query = parts.query
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
    return {
      method: route.method,
      version: 'HTTP/1.1',
      params: new Map(
        route.pathParams.map((param) => [param.name, encodeParam(parts.params[param.name] ?? '')]),
      ),
      pathEdits: [],
      query: Buffer.from(query.length > 0 ? `?${query}` : '', 'latin1'),
      headers,
      body,
      chunked: false,
      noHost: false,
      route,
      facts: {
        auth: 'ok',
        bodyIsJson: parts.body === undefined ? false : true,
        wrongMethod: false,
        mustRefuse: [],
        mayGoUnanswered: false,
        secrets: secretsOf(parts.body),
      },
      mutations: [],
      intent: parts.intent,
    };
  }
}

/** Everything about the final draft that the contract says must be refused. */
function refusalsOf(draft: Draft): string[] {
  const { route, facts } = draft;
  const refusals: string[] = [];
  if (route.roles !== 'public' && facts.auth !== 'ok') refusals.push(`auth: ${facts.auth}`);
  if (facts.wrongMethod) refusals.push(`method ${draft.method} on ${route.method} route`);
  if (facts.wrongMethod) return refusals;
  for (const param of route.pathParams) {
    const refusal = pathParamRefusal(param, draft.params.get(param.name)?.toString('latin1') ?? '');
    if (refusal !== undefined) refusals.push(refusal);
  }
  refusals.push(...queryRefusals(route, draft.query));
  if (route.idempotencyKey) {
    const key = headerOf(draft, 'idempotency-key');
    if (key === undefined || !IDEMPOTENCY_KEY.test(key)) refusals.push('Idempotency-Key invalid');
  }
  refusals.push(...bodyRefusals(route, draft.method, facts.bodyIsJson, bodyBytes(draft.body)));
  return refusals;
}

/** Guest passwords in a body: no answer may ever repeat one (R25). */
function secretsOf(body: unknown): string[] {
  const payer = (body as { payer?: { password?: unknown } } | undefined)?.payer;
  const password = payer?.password ?? (body as { password?: unknown } | undefined)?.password;
  return typeof password === 'string' && password.length >= 8 ? [password] : [];
}
