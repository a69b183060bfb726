/**
 * OpenAPI 3.0 Schema Objects as JSON Schema (draft 2019-09), read the way OpenAPI 3.0.3 defines
 * them, so that a validator sees what a client generator sees:
 *
 * - `nullable: true` adds `null` to the `type` of the same object, and only there: beside an
 *   `allOf`/`$ref` without `type` it means nothing, and an `enum` still has to list `null`.
 * - Siblings of a `$ref` are ignored.
 * - `exclusiveMinimum`/`exclusiveMaximum` are booleans beside `minimum`/`maximum`.
 *
 * One deliberate tightening: an object schema with `properties` and no `additionalProperties`
 * admits no other property (`unevaluatedProperties: false`). A field the answers carry and the
 * document does not name is drift too: generated clients cannot see it.
 */

/** A JSON value as it stands in the served document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Keywords whose value is copied unchanged (validation keywords the two dialects share). */
const COPIED = [
  'type',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
] as const;

/** Keywords with no bearing on validation here (annotations, code-generation hints). */
const IGNORED = new Set([
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'xml',
  'externalDocs',
  'example',
  'deprecated',
  'title',
  'description',
  'default',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON Schema of `schema`. `refTo(name)` says where `#/components/schemas/<name>` lives in the
 * validator (e.g. a root schema's `$defs`). Throws on a keyword it does not know, so that a new
 * construct in the document is handled on purpose, not silently accepted.
 */
export function jsonSchemaOf(schema: Json, refTo: (name: string) => string): JsonObject {
  if (!isObject(schema)) throw new TypeError(`Not a Schema Object: ${JSON.stringify(schema)}`);
  const ref = schema.$ref;
  if (typeof ref === 'string') return { $ref: refTo(componentName(ref)) };

  const out: JsonObject = {};
  for (const keyword of COPIED) {
    if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  }
  if (schema.nullable === true && typeof schema.type === 'string') {
    out.type = [schema.type, 'null'];
  }
  if (schema.exclusiveMinimum === true && typeof schema.minimum === 'number') {
    delete out.minimum;
    out.exclusiveMinimum = schema.minimum;
  }
  if (schema.exclusiveMaximum === true && typeof schema.maximum === 'number') {
    delete out.maximum;
    out.exclusiveMaximum = schema.maximum;
  }
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [
        name,
        jsonSchemaOf(property, refTo),
      ]),
    );
  }
  if (schema.items !== undefined) out.items = jsonSchemaOf(schema.items, refTo);
  if (schema.not !== undefined) out.not = jsonSchemaOf(schema.not, refTo);
  for (const list of SUBSCHEMA_LISTS) {
    const members = schema[list];
    if (Array.isArray(members)) out[list] = members.map((member) => jsonSchemaOf(member, refTo));
  }
  const additional = schema.additionalProperties;
  if (typeof additional === 'boolean') out.additionalProperties = additional;
  else if (additional !== undefined) out.additionalProperties = jsonSchemaOf(additional, refTo);
  else if (out.properties !== undefined) out.unevaluatedProperties = false;

  const unknown = Object.keys(schema).filter(
    (keyword) =>
      !(COPIED as readonly string[]).includes(keyword) &&
      !IGNORED.has(keyword) &&
      !['properties', 'items', 'not', 'additionalProperties', ...SUBSCHEMA_LISTS].includes(keyword),
  );
  if (unknown.length > 0) {
    throw new TypeError(`Schema keyword(s) not handled: ${unknown.join(', ')}`);
  }
  return out;
}

/** `#/components/schemas/PaymentView` → `PaymentView`; any other reference is a mistake here. */
export function componentName(ref: string): string {
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  if (match?.[1] === undefined)
    throw new TypeError(`Not a reference to a component schema: ${ref}`);
  return decodeURIComponent(match[1].replace(/~1/g, '/').replace(/~0/g, '~'));
}
