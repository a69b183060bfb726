/**
 * The routes the fuzzer aims at, read from the OpenAPI document the service serves
 * (`/docs/openapi.json`), and checked against the route table of DESIGN.md §6: a contract route
 * missing from the document is an error before the first request, not a silent gap in coverage.
 */

export const ROLES = ['client', 'gateway', 'support', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The development keys (DESIGN.md §6), one per role. */
export const DEV_KEYS: Readonly<Record<Role, string>> = {
  client: 'dev-client-key',
  gateway: 'dev-gateway-key',
  support: 'dev-support-key',
  auditor: 'dev-auditor-key',
  admin: 'dev-admin-key',
};

/** A JSON Schema as far as the fuzzer reads it. */
export interface Schema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly format?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly oneOf?: readonly Schema[];
  readonly $ref?: string;
}

export interface ParamSpec {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface RouteSpec {
  readonly method: string;
  /** As in the document: `/v1/payments/{paymentId}`. */
  readonly template: string;
  readonly pathParams: readonly ParamSpec[];
  readonly queryParams: readonly ParamSpec[];
  /** The route requires an `Idempotency-Key` header. */
  readonly idempotencyKey: boolean;
  /** The JSON body's schema (references resolved), when the route takes one. */
  readonly body: Schema | undefined;
  /** The roles whose keys it accepts; `public` when it needs no key. */
  readonly roles: readonly Role[] | 'public';
  /** The statuses the document lists for it. */
  readonly statuses: ReadonlySet<number>;
}

/** The route table of DESIGN.md §6 (test-clock routes exist because the fuzzer turns the test clock on). */
export const DESIGN_ROUTES: readonly string[] = [
  'POST /v1/payments',
  'GET /v1/payments/{paymentId}',
  'POST /v1/payments/{paymentId}/complete',
  'POST /v1/payments/{paymentId}/fail',
  'POST /v1/payments/{paymentId}/refresh',
  'POST /v1/payments/{paymentId}/items/{itemId}/view',
  'POST /v1/payments/{paymentId}/cancel',
  'POST /v1/payments/{paymentId}/repayment',
  'GET /v1/members/{memberId}/payments',
  'POST /v1/guests/payments/lookup',
  'GET /v1/payments/{paymentId}/confirmation',
  'GET /v1/support/payments/{paymentId}/history',
  'GET /v1/audit/events',
  'GET /v1/settlements/{date}',
  'POST /v1/settlements/{date}/close',
  'GET /v1/support/attention',
  'GET /v1/audit/payments/{paymentId}',
  'GET /v1/audit/digests/{date}',
  'GET /v1/test-clock',
  'PUT /v1/test-clock',
  'GET /v1/sandbox-pg/transactions/{pgTransactionId}',
  'GET /health',
  'GET /metrics',
];

/** Served beside the API and not in the document it serves. */
const DOCUMENT_ROUTES: readonly RouteSpec[] = ['/docs', '/docs/openapi.json'].map((template) => ({
  method: 'GET',
  template,
  pathParams: [],
  queryParams: [],
  idempotencyKey: false,
  body: undefined,
  roles: 'public',
  statuses: new Set([200]),
}));

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface OpenApiParameter {
  readonly in: string;
  readonly name: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly responses?: Record<string, { readonly description?: string }>;
  readonly security?: readonly unknown[];
}

interface OpenApiDocument {
  readonly paths: Record<string, Partial<Record<(typeof METHODS)[number], OpenApiOperation>>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

/** Fetches the served document and turns it into route specs. */
export async function loadRoutes(baseUrl: string): Promise<RouteSpec[]> {
  const response = await fetch(`${baseUrl}/docs/openapi.json`);
  if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}`);
  return routesOf((await response.json()) as OpenApiDocument);
}

export function routesOf(document: OpenApiDocument): RouteSpec[] {
  const routes: RouteSpec[] = [...DOCUMENT_ROUTES];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = operations[method];
      if (operation !== undefined) routes.push(routeOf(document, method, template, operation));
    }
  }
  const served = new Set(routes.map((route) => `${route.method} ${route.template}`));
  const missing = DESIGN_ROUTES.filter((route) => !served.has(route));
  if (missing.length > 0) {
    throw new Error(
      `The served OpenAPI document lacks routes of DESIGN.md §6: ${missing.join(', ')}`,
    );
  }
  return routes;
}

function routeOf(
  document: OpenApiDocument,
  method: string,
  template: string,
  operation: OpenApiOperation,
): RouteSpec {
  const parameters = operation.parameters ?? [];
  const paramsIn = (where: string): ParamSpec[] =>
    parameters
      .filter((parameter) => parameter.in === where)
      .map((parameter) => ({
        name: parameter.name,
        required: parameter.required === true,
        schema: resolve(document, parameter.schema ?? {}),
      }));
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  return {
    method: method.toUpperCase(),
    template,
    pathParams: paramsIn('path'),
    queryParams: paramsIn('query'),
    idempotencyKey: parameters.some(
      (parameter) =>
        parameter.in === 'header' &&
        parameter.name.toLowerCase() === 'idempotency-key' &&
        parameter.required === true,
    ),
    body: bodySchema === undefined ? undefined : resolve(document, bodySchema),
    roles: rolesOf(operation),
    statuses: new Set(Object.keys(operation.responses ?? {}).map(Number)),
  };
}

/**
 * The roles of a protected route, from its 403 answer ("The API key's role is not one of: client,
 * support"), the one place the document names them.
 */
function rolesOf(operation: OpenApiOperation): readonly Role[] | 'public' {
  if (operation.security === undefined || operation.security.length === 0) return 'public';
  const description = operation.responses?.['403']?.description ?? '';
  const named = /role is not one of: ([a-z, ]+)/.exec(description)?.[1];
  if (named === undefined) throw new Error(`A protected route without its roles: ${description}`);
  const roles = named.split(',').map((role) => role.trim());
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) throw new Error(`Unknown roles in the document: ${unknown.join(', ')}`);
  return roles as Role[];
}

/** The schema with every `$ref` replaced by what it names (our schemas have no cycles). */
function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (target === undefined) throw new Error(`Unresolved schema reference ${schema.$ref}`);
    return resolve(document, target);
  }
  const properties =
    schema.properties === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(schema.properties).map(([name, property]) => [
            name,
            resolve(document, property),
          ]),
        );
  return {
    ...schema,
    ...(properties === undefined ? {} : { properties }),
    ...(schema.items === undefined ? {} : { items: resolve(document, schema.items) }),
    ...(schema.oneOf === undefined
      ? {}
      : { oneOf: schema.oneOf.map((option) => resolve(document, option)) }),
  };
}

/** `GET /v1/payments/{paymentId}`: how routes are named in summaries. */
export function routeName(route: RouteSpec): string {
  return `${route.method} ${route.template}`;
}

/** The route accepts a key of this role. */
export function accepts(route: RouteSpec, role: Role): boolean {
  return route.roles === 'public' || route.roles.includes(role);
}
