/**
 * Is the served document a valid OpenAPI 3.0 document? No OpenAPI 3.0 meta-schema ships with our
 * dependencies, so these are the rules of the specification (3.0.3) that a generated document can
 * break, checked by hand: the shape of paths, operations, parameters and responses; every `$ref`
 * resolves; operation ids are unique; and every Schema Object uses 3.0's vocabulary the way 3.0
 * reads it (`nullable` only beside a `type`, a nullable `enum` lists `null`, nothing beside a
 * `$ref`). Each problem is one line naming where in the document it is.
 */
import { isObject, type Json, type JsonObject } from './json-schema';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAMETER_PLACES = new Set(['query', 'header', 'path', 'cookie']);
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object']);
const SCHEMA_FIELDS = new Set([
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
]);

/** Every way `document` is not a valid OpenAPI 3.0 document; empty when it is one. */
export function openApi30Problems(document: JsonObject): string[] {
  const problems: string[] = [];
  const problem = (where: string, what: string) => problems.push(`${where}: ${what}`);

  if (typeof document.openapi !== 'string' || !/^3\.0\.\d+$/.test(document.openapi)) {
    problem('openapi', `not an OpenAPI 3.0.x version: ${JSON.stringify(document.openapi)}`);
  }
  const info = document.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problem('info', 'needs a string title and version');
  }
  checkRefs(document, document, '#', problem);

  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  for (const [name, schema] of Object.entries(
    isObject(components.schemas) ? components.schemas : {},
  )) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problem(`components.schemas.${name}`, 'not a valid name');
    checkSchema(schema, `#/components/schemas/${name}`, problem);
  }

  if (!isObject(document.paths)) {
    problem('paths', 'missing');
    return problems;
  }
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    if (!path.startsWith('/')) problem(path, 'a path must start with /');
    if (!isObject(item)) {
      problem(path, 'not a Path Item Object');
      continue;
    }
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(operation)) {
        problem(where, 'not an Operation Object');
        continue;
      }
      if (typeof operation.operationId === 'string') {
        if (operationIds.has(operation.operationId)) {
          problem(where, `operationId ${operation.operationId} is not unique`);
        }
        operationIds.add(operation.operationId);
      }
      checkParameters(where, templated, [item.parameters, operation.parameters], problem);
      checkRequestBody(where, operation.requestBody, problem);
      checkResponses(where, operation.responses, problem);
      for (const requirement of Array.isArray(operation.security) ? operation.security : []) {
        for (const scheme of Object.keys(isObject(requirement) ? requirement : {})) {
          if (!(scheme in schemes)) problem(where, `security scheme ${scheme} is not defined`);
        }
      }
    }
  }
  return problems;
}

type Report = (where: string, what: string) => void;

function checkParameters(
  where: string,
  templated: readonly string[],
  lists: readonly (Json | undefined)[],
  problem: Report,
): void {
  const seen = new Set<string>();
  const inPath = new Set<string>();
  for (const list of lists) {
    for (const parameter of Array.isArray(list) ? list : []) {
      if (!isObject(parameter) || parameter.$ref !== undefined) continue;
      const name = typeof parameter.name === 'string' ? parameter.name : '?';
      const place = typeof parameter.in === 'string' ? parameter.in : '?';
      const at = `${where} parameter ${name}`;
      if (typeof parameter.name !== 'string' || !PARAMETER_PLACES.has(place)) {
        problem(at, 'needs a name and `in` of query, header, path or cookie');
      }
      if (seen.has(`${place}:${name}`)) problem(at, 'declared twice');
      seen.add(`${place}:${name}`);
      if (place === 'path') {
        inPath.add(name);
        if (parameter.required !== true) problem(at, 'a path parameter must be required');
        if (!templated.includes(name)) problem(at, 'not in the path template');
      }
      if ((parameter.schema === undefined) === (parameter.content === undefined)) {
        problem(at, 'needs exactly one of schema and content');
      }
      if (parameter.schema !== undefined) checkSchema(parameter.schema, `${at} schema`, problem);
    }
  }
  for (const name of templated) {
    if (!inPath.has(name)) problem(where, `path parameter {${name}} is not declared`);
  }
}

function checkRequestBody(where: string, body: Json | undefined, problem: Report): void {
  if (body === undefined || (isObject(body) && body.$ref !== undefined)) return;
  if (!isObject(body) || !isObject(body.content) || Object.keys(body.content).length === 0) {
    problem(`${where} requestBody`, 'needs content');
    return;
  }
  checkContent(`${where} requestBody`, body.content, problem);
}

function checkResponses(where: string, responses: Json | undefined, problem: Report): void {
  if (!isObject(responses) || Object.keys(responses).length === 0) {
    problem(where, 'an operation needs at least one response');
    return;
  }
  for (const [status, response] of Object.entries(responses)) {
    const at = `${where} → ${status}`;
    if (!/^([1-5](\d\d|XX)|default)$/.test(status)) problem(at, 'not a status code');
    if (!isObject(response)) {
      problem(at, 'not a Response Object');
      continue;
    }
    if (response.$ref !== undefined) continue;
    if (typeof response.description !== 'string') problem(at, 'a response needs a description');
    for (const [name, header] of Object.entries(
      isObject(response.headers) ? response.headers : {},
    )) {
      if (!isObject(header)) {
        problem(`${at} header ${name}`, 'not a Header Object');
        continue;
      }
      if (header.name !== undefined || header.in !== undefined) {
        problem(`${at} header ${name}`, 'a Header Object has no name or in');
      }
      if (header.schema !== undefined) checkSchema(header.schema, `${at} header ${name}`, problem);
    }
    if (isObject(response.content)) checkContent(at, response.content, problem);
  }
}

function checkContent(where: string, content: JsonObject, problem: Report): void {
  for (const [type, media] of Object.entries(content)) {
    if (!/^[\w.+-]+\/[\w.+*-]+$/.test(type)) problem(`${where} ${type}`, 'not a media type');
    if (!isObject(media)) problem(`${where} ${type}`, 'not a Media Type Object');
    else if (media.schema !== undefined) checkSchema(media.schema, `${where} ${type}`, problem);
  }
}

/** A Schema Object read the 3.0 way: its fields, its types, `nullable` where it has an effect. */
function checkSchema(schema: Json, where: string, problem: Report): void {
  if (!isObject(schema)) {
    problem(where, 'not a Schema Object');
    return;
  }
  if (schema.$ref !== undefined) {
    const siblings = Object.keys(schema).filter((key) => key !== '$ref');
    if (siblings.length > 0) {
      problem(where, `${siblings.join(', ')} beside $ref (OpenAPI 3.0 ignores siblings of $ref)`);
    }
    return;
  }
  const unknown = Object.keys(schema).filter((k) => !SCHEMA_FIELDS.has(k) && !k.startsWith('x-'));
  if (unknown.length > 0) problem(where, `not OpenAPI 3.0 Schema fields: ${unknown.join(', ')}`);
  const type = schema.type;
  if (type !== undefined && (typeof type !== 'string' || !TYPES.has(type))) {
    problem(where, `type ${JSON.stringify(type)} is not one of OpenAPI 3.0's types`);
  }
  if (type === 'array' && schema.items === undefined) problem(where, 'an array needs items');
  if (schema.nullable !== undefined && typeof schema.nullable !== 'boolean') {
    problem(where, 'nullable must be a boolean');
  }
  if (schema.nullable === true) {
    if (type === undefined) {
      problem(where, 'nullable without a type in the same object has no effect (OpenAPI 3.0.3)');
    } else if (schema.allOf !== undefined || schema.oneOf !== undefined) {
      problem(where, 'nullable beside allOf/oneOf: the subschemas still refuse null');
    }
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      problem(where, 'a nullable enum must list null, or it still refuses null (OpenAPI 3.0.3)');
    }
  }
  if (schema.enum !== undefined && (!Array.isArray(schema.enum) || schema.enum.length === 0)) {
    problem(where, 'enum must be a non-empty array');
  }
  for (const bound of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (schema[bound] !== undefined && typeof schema[bound] !== 'boolean') {
      problem(where, `${bound} is a boolean in OpenAPI 3.0`);
    }
  }
  if (schema.required !== undefined) {
    const required = schema.required;
    if (!Array.isArray(required) || required.length === 0) {
      problem(where, 'required must be a non-empty array');
    } else if (isObject(schema.properties)) {
      for (const name of required) {
        if (typeof name !== 'string' || !(name in schema.properties)) {
          problem(where, `required ${JSON.stringify(name)} is not among its properties`);
        }
      }
    }
  }
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      checkSchema(property, `${where}.${name}`, problem);
    }
  } else if (schema.properties !== undefined) {
    problem(where, 'properties must be an object');
  }
  if (schema.items !== undefined) checkSchema(schema.items, `${where}[]`, problem);
  if (schema.not !== undefined) checkSchema(schema.not, `${where} not`, problem);
  if (isObject(schema.additionalProperties)) {
    checkSchema(schema.additionalProperties, `${where}{}`, problem);
  }
  for (const list of ['allOf', 'oneOf', 'anyOf'] as const) {
    const members = schema[list];
    if (members === undefined) continue;
    if (!Array.isArray(members) || members.length === 0) {
      problem(where, `${list} must be a non-empty array`);
      continue;
    }
    members.forEach((member, index) => checkSchema(member, `${where} ${list}[${index}]`, problem));
  }
}

/** Every `$ref` in `node` points at something in `document`. */
function checkRefs(document: JsonObject, node: Json, where: string, problem: Report): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => checkRefs(document, child, `${where}/${index}`, problem));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') {
      if (typeof value !== 'string' || resolve(document, value) === undefined) {
        problem(where, `$ref ${JSON.stringify(value)} does not resolve`);
      }
    } else if (key !== 'example' && key !== 'default') {
      checkRefs(document, value, `${where}/${key}`, problem);
    }
  }
}

function resolve(document: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: Json | undefined = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}
