/**
 * Which requests the contract says must be refused, decided from the bytes as sent and the served
 * schemas, never from what a mutation meant to do: a body JSON cannot parse, a value its schema
 * forbids, a missing required field or query parameter, an id its path pattern refuses. Each rule
 * is conservative: where the service could read a value two ways (NFC or not, UTF-16 units or code
 * points), the request must be refused only if both readings break the schema.
 */
import { REQUEST_LIMITS } from '../../apps/api/src/http/limits';
import type { ParamSpec, RouteSpec, Schema } from './openapi-routes';

/** Methods whose bodies Fastify reads; GET and HEAD bodies are ignored. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Why a request with this body, sent to a route that reads it, can only be refused. `isJson` says
 * whether the Content-Type is `application/json` (undefined: a spelling the contract leaves open).
 */
export function bodyRefusals(
  route: RouteSpec,
  method: string,
  isJson: boolean | undefined,
  bytes: Buffer,
): string[] {
  if (!BODY_METHODS.has(method)) return [];
  if (bytes.length > REQUEST_LIMITS.bodyBytes) return ['body over the size limit'];
  if (bytes.length > 0 && isJson === false) return ['a body that is not application/json'];
  if (method !== route.method || route.body === undefined) {
    return bytes.length > 0 && parse(bytes) === unparsable ? ['malformed JSON'] : [];
  }
  const value = bytes.length === 0 ? undefined : parse(bytes);
  if (value === unparsable) return ['malformed JSON'];
  const violation =
    value === undefined ? requiredFields(route.body) : violationOf(route.body, value, 'body');
  return violation === undefined ? [] : [violation];
}

const unparsable = Symbol('unparsable');

/** As the service parses: UTF-8 (bad sequences become U+FFFD), one leading BOM dropped. */
function parse(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return unparsable;
  }
}

function requiredFields(schema: Schema): string | undefined {
  return (schema.required ?? []).length > 0 ? 'no body where fields are required' : undefined;
}

/** The first way `value` breaks `schema` for certain, or undefined. */
export function violationOf(schema: Schema, value: unknown, at: string): string | undefined {
  if (schema.oneOf !== undefined) {
    const all = schema.oneOf.map((option) => violationOf(option, value, at));
    return all.every((violation) => violation !== undefined) ? all[0] : undefined;
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) return `${at}: not in its enum`;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? stringViolation(schema, value, at) : `${at}: not a string`;
    case 'number':
    case 'integer':
      return typeof value === 'number' ? numberViolation(schema, value, at) : `${at}: not a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${at}: not a boolean`;
    case 'array':
      return Array.isArray(value) ? arrayViolation(schema, value, at) : `${at}: not an array`;
    case 'object':
      return isObject(value) ? objectViolation(schema, value, at) : `${at}: not an object`;
    case undefined:
    default:
      return schema.properties !== undefined && !isObject(value)
        ? `${at}: not an object`
        : undefined;
  }
}

function stringViolation(schema: Schema, value: string, at: string): string | undefined {
  // validator.js counts code points, less variation selectors; JavaScript counts UTF-16 units.
  const fewest = [...value].length - (value.match(/[\ufe0e\ufe0f]/g)?.length ?? 0);
  if (schema.maxLength !== undefined && fewest > schema.maxLength) return `${at}: too long`;
  if (schema.minLength !== undefined && value.length < schema.minLength) return `${at}: too short`;
  if (schema.pattern !== undefined) {
    const pattern = new RegExp(schema.pattern);
    if (!pattern.test(value) && !pattern.test(value.normalize('NFC'))) {
      return `${at}: does not match ${schema.pattern}`;
    }
  }
  return undefined;
}

function numberViolation(schema: Schema, value: number, at: string): string | undefined {
  if (!Number.isFinite(value)) return `${at}: not finite`;
  if (schema.minimum !== undefined && value < schema.minimum) return `${at}: below its minimum`;
  if (schema.maximum !== undefined && value > schema.maximum) return `${at}: above its maximum`;
  return undefined;
}

function arrayViolation(schema: Schema, value: unknown[], at: string): string | undefined {
  if (schema.minItems !== undefined && value.length < schema.minItems) return `${at}: too few`;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${at}: too many`;
  if (schema.items === undefined) return undefined;
  for (const [index, item] of value.entries()) {
    const violation = violationOf(schema.items, item, `${at}[${index}]`);
    if (violation !== undefined) return violation;
  }
  return undefined;
}

/** Unknown properties are refused too: the validation pipe forbids what no DTO declares. */
function objectViolation(
  schema: Schema,
  value: Record<string, unknown>,
  at: string,
): string | undefined {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(value, name)) return `${at}.${name}: missing`;
  }
  for (const [name, field] of Object.entries(value)) {
    const property = Object.prototype.hasOwnProperty.call(properties, name)
      ? properties[name]
      : undefined;
    if (property === undefined) return `${at}.${name}: not a declared property`;
    const violation = violationOf(property, field, `${at}.${name}`);
    if (violation !== undefined) return violation;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why the query can only be refused, for routes that declare query parameters (their DTOs forbid
 * undeclared ones). Parsed as Fastify does: `&`-separated, first `=` splits, percent-decoded; a
 * query that does not decode cleanly is judged on nothing.
 */
export function queryRefusals(route: RouteSpec, query: Buffer): string[] {
  if (route.queryParams.length === 0) return [];
  const pairs = decodeQuery(query);
  if (pairs === undefined) return [];
  const values = new Map<string, string[]>();
  for (const [name, value] of pairs) values.set(name, [...(values.get(name) ?? []), value]);
  const refusals: string[] = [];
  for (const name of values.keys()) {
    if (!route.queryParams.some((param) => param.name === name)) {
      refusals.push(`query: undeclared parameter ${JSON.stringify(name)}`);
    }
  }
  for (const param of route.queryParams) {
    const given = values.get(param.name);
    if (given === undefined) {
      if (param.required) refusals.push(`query: ${param.name} missing`);
    } else if (given.length > 1) {
      refusals.push(`query: ${param.name} given ${given.length} times`);
    } else {
      const violation = queryValueViolation(param, given[0] ?? '');
      if (violation !== undefined) refusals.push(violation);
    }
  }
  return refusals;
}

function queryValueViolation(param: ParamSpec, value: string): string | undefined {
  if (param.schema.type !== 'number' || value.trim() === '') return undefined;
  const number = Number(value);
  if (Number.isNaN(number)) return `query: ${param.name} is not a number`;
  return numberViolation(param.schema, number, `query: ${param.name}`);
}

function decodeQuery(query: Buffer): [string, string][] | undefined {
  const text = query.toString('latin1').replace(/^\?/, '');
  if (text.length === 0) return [];
  if (/[^\x21-\x7e]/.test(text) || text.includes('?') || text.includes('#')) return undefined;
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part.length === 0) continue;
    const equals = part.indexOf('=');
    const [name, value] = equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
    try {
      pairs.push([
        decodeURIComponent(name.replace(/\+/g, ' ')),
        decodeURIComponent(value.replace(/\+/g, ' ')),
      ]);
    } catch {
      return undefined;
    }
  }
  return pairs;
}

/** Why a path parameter value, as sent (percent-encoded), can only be refused. */
export function pathParamRefusal(param: ParamSpec, encoded: string): string | undefined {
  if (param.schema.pattern === undefined) return undefined;
  const pattern = new RegExp(param.schema.pattern);
  let decoded = encoded;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    // Undecodable: the router answers 400 BAD_URL, a refusal as well.
  }
  return pattern.test(encoded) || pattern.test(decoded)
    ? undefined
    : `path: ${param.name} does not match ${param.schema.pattern}`;
}
