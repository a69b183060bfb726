/**
 * The served OpenAPI document as a contract the answers are checked against: by path template,
 * method, status, content type, the API's own headers and (for JSON and problem+json) the body's
 * schema. Schemas are compiled once, on first use, and shared by every contract of the same
 * document text in this process (one Jest test file).
 */
import { createHash } from 'node:crypto';
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { isObject, jsonSchemaOf, type Json, type JsonObject } from './json-schema';

/** One answer as the tests received it. */
export interface ReceivedResponse {
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as text ('' for none). */
  readonly text: string;
}

/**
 * Headers of the HTTP contract (DESIGN.md §6): an answer that carries one must say so in the
 * document for that status. Framework and transport headers (dates, lengths, security headers,
 * rate-limit counters) are not the contract's.
 */
export const CONTRACT_HEADERS = [
  'Retry-After',
  'Idempotent-Replayed',
  'X-Read-Model-Stale',
  'WWW-Authenticate',
  'Location',
] as const;

/** Where an unknown path or method is answered, the answer is a problem of one of these. */
const NO_ROUTE_STATUSES = new Set([404, 405]);
const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const ROOT_ID = 'urn:openapi-contract:components';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments win over templated ones: `/v1/audit/events` before `/v1/audit/{x}`. */
  readonly literalSegments: number;
  readonly item: JsonObject;
}

/** Compiled schemas per document text: many apps of one test file serve the same document. */
const compiledByDocument = new Map<string, Compiler>();

export class OpenApiContract {
  private readonly routes: Route[];
  private readonly compiler: Compiler;

  /**
   * `validateSchemas`: also check each converted schema against JSON Schema's meta-schema (what
   * the document's own test wants; compiling the meta-schema costs a few hundred milliseconds,
   * which every suite would pay otherwise).
   */
  constructor(
    readonly document: JsonObject,
    options: { readonly validateSchemas?: boolean } = {},
  ) {
    const validateSchemas = options.validateSchemas ?? false;
    const text = JSON.stringify(document);
    const key = `${validateSchemas}:${createHash('sha256').update(text).digest('hex')}`;
    let compiler = compiledByDocument.get(key);
    if (compiler === undefined) {
      compiler = new Compiler(document, validateSchemas);
      compiledByDocument.set(key, compiler);
    }
    this.compiler = compiler;
    const paths = isObject(document.paths) ? document.paths : {};
    this.routes = Object.entries(paths)
      .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
      .map(([template, item]) => {
        const segments = template.split('/');
        const pattern = new RegExp(
          `^${segments
            .map((segment) =>
              /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
            )
            .join('/')}/?$`,
        );
        const literalSegments = segments.filter((segment) => !segment.includes('{')).length;
        return { template, pattern, literalSegments, item };
      })
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /**
   * Compiles every component schema and every response and header schema now (they compile on
   * first use otherwise): what Ajv, strict, refuses to compile, one line each.
   */
  compileEverySchema(): string[] {
    const failures: string[] = [];
    const attempt = (where: string, compile: () => unknown) => {
      try {
        compile();
      } catch (error) {
        failures.push(`${where}: ${(error as Error).message}`);
      }
    };
    const components = isObject(this.document.components) ? this.document.components : {};
    for (const name of Object.keys(isObject(components.schemas) ? components.schemas : {})) {
      attempt(`#/components/schemas/${name}`, () => this.compiler.component(name));
    }
    for (const route of this.routes) {
      for (const method of METHODS) {
        const operation = route.item[method];
        if (!isObject(operation) || !isObject(operation.responses)) continue;
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!isObject(response)) continue;
          const where = `${method.toUpperCase()} ${route.template} → ${status}`;
          for (const [type, media] of Object.entries(
            isObject(response.content) ? response.content : {},
          )) {
            if (!isObject(media) || media.schema === undefined) continue;
            attempt(`${where} ${type}`, () => this.compiler.compile(media.schema as Json));
          }
          for (const [name, header] of Object.entries(
            isObject(response.headers) ? response.headers : {},
          )) {
            if (isObject(header) && header.schema !== undefined) {
              attempt(`${where} header ${name}`, () =>
                this.compiler.compile(header.schema as Json),
              );
            }
          }
        }
      }
    }
    return failures;
  }

  /** What in `response` the document does not describe; empty when the answer conforms. */
  violations(response: ReceivedResponse): string[] {
    const method = response.method.toLowerCase() === 'head' ? 'get' : response.method.toLowerCase();
    const route = this.routes.find(
      (candidate) => candidate.pattern.test(response.path) && isObject(candidate.item[method]),
    );
    if (route === undefined) return this.unknownRouteViolations(response);
    const operation = route.item[method] as JsonObject;
    const where = `${response.method.toUpperCase()} ${route.template}`;
    const responses = isObject(operation.responses) ? operation.responses : {};
    const key = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find(
      (candidate) => isObject(responses[candidate]),
    );
    if (key === undefined) {
      return [
        `${where} answered ${response.status}, a status the document does not list for it ` +
          `(it lists ${Object.keys(responses).join(', ')})`,
      ];
    }
    return [
      ...this.headerViolations(where, response, responses[key] as JsonObject),
      ...this.bodyViolations(where, response, responses[key] as JsonObject),
    ];
  }

  private unknownRouteViolations(response: ReceivedResponse): string[] {
    const where = `${response.method.toUpperCase()} ${response.path}`;
    if (!NO_ROUTE_STATUSES.has(response.status)) {
      return [
        `${where} answered ${response.status}, but the document has no operation for it ` +
          '(only 404 or 405 problems are expected of a route that is not there)',
      ];
    }
    return this.mediaViolations(where, response, PROBLEM_MEDIA_TYPE, () =>
      this.compiler.component('Problem'),
    );
  }

  private headerViolations(
    where: string,
    response: ReceivedResponse,
    documented: JsonObject,
  ): string[] {
    const headers = isObject(documented.headers) ? documented.headers : {};
    const byName = new Map(Object.entries(headers).map(([name, h]) => [name.toLowerCase(), h]));
    const violations: string[] = [];
    for (const name of CONTRACT_HEADERS) {
      const value = response.headers[name.toLowerCase()];
      const header = byName.get(name.toLowerCase());
      if (value === undefined) {
        if (isObject(header) && header.required === true) {
          violations.push(`${where} answered ${response.status} without its required ${name}`);
        }
        continue;
      }
      if (header === undefined) {
        violations.push(
          `${where} answered ${response.status} with ${name}: ${String(value)}, a header the ` +
            `document does not list for ${response.status}`,
        );
        continue;
      }
      const schema = isObject(header) ? header.schema : undefined;
      if (!isObject(schema)) continue;
      const validate = this.compiler.compile(schema);
      const text = Array.isArray(value) ? value.join(', ') : value;
      const typed = schema.type === 'integer' || schema.type === 'number' ? Number(text) : text;
      if (!validate(typed)) {
        violations.push(
          `${where} answered ${response.status} with ${name}: ${text}, which the document's ` +
            `schema refuses: ${describeErrors(validate.errors)}`,
        );
      }
    }
    return violations;
  }

  private bodyViolations(
    where: string,
    response: ReceivedResponse,
    documented: JsonObject,
  ): string[] {
    const content = isObject(documented.content) ? documented.content : undefined;
    const received = mediaTypeOf(response.headers['content-type']);
    if (content === undefined || Object.keys(content).length === 0) {
      return response.text === ''
        ? []
        : [
            `${where} answered ${response.status} with a ${received ?? 'typeless'} body, but the ` +
              'document says this answer has no content',
          ];
    }
    const documentedType = Object.keys(content).find((type) => mediaTypeMatches(type, received));
    if (documentedType === undefined) {
      return [
        `${where} answered ${response.status} as ${received ?? 'no content type'}, but the ` +
          `document lists only ${Object.keys(content).join(', ')} for ${response.status}`,
      ];
    }
    const media = content[documentedType];
    if (!isObject(media) || media.schema === undefined) return [];
    return this.mediaViolations(`${where} → ${response.status}`, response, documentedType, () =>
      this.compiler.compile(media.schema as Json),
    );
  }

  private mediaViolations(
    where: string,
    response: ReceivedResponse,
    expectedType: string,
    validator: () => ValidateFunction,
  ): string[] {
    const received = mediaTypeOf(response.headers['content-type']);
    if (!mediaTypeMatches(expectedType, received)) {
      return [
        `${where} answered ${response.status} as ${received ?? 'no content type'}, not ${expectedType}`,
      ];
    }
    if (!isJsonMediaType(expectedType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [`${where} answered ${received} that is not JSON: ${excerpt(response.text)}`];
    }
    const validate = validator();
    if (validate(body)) return [];
    return [
      `${where} answered a body (${received}) the document's schema refuses: ` +
        `${describeErrors(validate.errors)}\n  body: ${excerpt(response.text)}`,
    ];
  }
}

/**
 * One Ajv instance per document: the component schemas (converted) live under one root, compiled
 * on first reference; each distinct response or header schema compiles once (the hundreds of
 * `$ref: Problem` answers share one function).
 */
class Compiler {
  private readonly ajv: Ajv2019;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: JsonObject, validateSchemas: boolean) {
    this.ajv = new Ajv2019({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      allowUnionTypes: true,
      meta: validateSchemas,
      validateSchema: validateSchemas,
    });
    addFormats(this.ajv);
    const components = isObject(document.components) ? document.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    this.ajv.addSchema({
      $id: ROOT_ID,
      $defs: Object.fromEntries(
        Object.entries(schemas).map(([name, schema]) => [name, jsonSchemaOf(schema, refTo)]),
      ),
    });
  }

  component(name: string): ValidateFunction {
    return this.compile({ $ref: `#/components/schemas/${name}` });
  }

  /** The validator of an OpenAPI schema of the document (compiled on first use). */
  compile(schema: Json): ValidateFunction {
    const converted = jsonSchemaOf(schema, refTo);
    const key = JSON.stringify(converted);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(converted);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

function refTo(name: string): string {
  return `${ROOT_ID}#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function mediaTypeMatches(documented: string, received: string | undefined): boolean {
  if (received === undefined) return false;
  const [type, subtype] = documented.toLowerCase().split('/');
  const [receivedType, receivedSubtype] = received.split('/');
  return (
    (type === '*' || type === receivedType) && (subtype === '*' || subtype === receivedSubtype)
  );
}

function isJsonMediaType(type: string): boolean {
  return /^application\/(.+\+)?json$/.test(type);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const detail =
        error.keyword === 'unevaluatedProperties'
          ? ` (${String((error.params as { unevaluatedProperty?: string }).unevaluatedProperty)})`
          : error.keyword === 'enum'
            ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
            : '';
      return `${error.instancePath || '(body)'} ${error.message ?? error.keyword}${detail}`;
    })
    .join('; ');
}

function excerpt(text: string): string {
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
