/**
 * Mutations of the request body: hostile values in fields, missing and unknown fields, prototype
 * keys, duplicate keys, deep nesting, bodies at and over the size limit, broken JSON, byte order
 * marks, decomposed Hangul, and bodies that are not JSON at all.
 */
import { REQUEST_LIMITS } from '../../apps/api/src/http/limits';
import { type Draft, type JsonBody, rawJson, setHeader } from './draft';
import { anyHostile, type Hostile } from './hostile-values';
import type { Mutation } from './mutation';
import type { Rng } from './rng';

type Container = Record<string, unknown> | unknown[];

/** A place in the body a value can go: the root, or a key of an object or an array. */
type Slot = { readonly root: true } | { readonly parent: Container; readonly key: string | number };

function slotsOf(body: JsonBody): Slot[] {
  const slots: Slot[] = [{ root: true }];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const parent = value as Container;
    for (const key of Array.isArray(parent) ? parent.keys() : Object.keys(parent)) {
      slots.push({ parent, key });
      visit((parent as Record<string | number, unknown>)[key]);
    }
  };
  visit(body.value);
  return slots;
}

function put(body: JsonBody, slot: Slot, value: unknown): void {
  if ('root' in slot) body.value = value;
  else defineOwn(slot.parent, slot.key, value);
}

/** Sets an own, enumerable property, even `__proto__` (which plain assignment would not create). */
function defineOwn(parent: Container, key: string | number, value: unknown): void {
  Object.defineProperty(parent, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function hostileValue(body: JsonBody, hostile: Hostile): unknown {
  return 'raw' in hostile ? rawJson(body, hostile.raw) : hostile.value;
}

function objectsOf(body: JsonBody): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    if (!Array.isArray(value)) objects.push(value as Record<string, unknown>);
    Object.values(value).forEach(visit);
  };
  visit(body.value);
  return objects;
}

const jsonBody = (draft: Draft): draft is Draft & { body: JsonBody } => draft.body.kind === 'json';

/** Nested arrays or objects `depth` levels deep, as JSON text. */
function nested(depth: number, rng: Rng): string {
  return rng.chance(0.5)
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Text edits that leave something that is not JSON. */
const BREAKS: readonly (readonly [string, (text: string, rng: Rng) => string])[] = [
  ['truncated', (text, rng) => text.slice(0, rng.int(1, Math.max(1, text.length - 1)))],
  ['trailing garbage', (text) => `${text}x`],
  ['trailing comma', (text) => text.replace(/}$/, ',}')],
  ['single quotes', (text) => text.replace(/"/g, "'")],
  ['comment', (text) => text.replace('{', '{/* c */')],
  ['equals for colon', (text) => text.replace(':', '=')],
  ['two documents', (text) => `${text}${text}`],
  ['unquoted key', (text) => text.replace(/"([A-Za-z]+)":/, '$1:')],
  ['raw control character', (text) => text.replace(/"([^"]*)"/, '"$1\u0007"')],
];

const NOT_JSON_BODIES: readonly (readonly [string, Buffer])[] = [
  ['form', Buffer.from('method=CARD&items=1')],
  ['xml', Buffer.from('<payment><method>CARD</method></payment>')],
  ['binary', Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x7f, 0x0a])],
  ['whitespace only', Buffer.from(' \r\n\t ')],
  ['BOM only', Buffer.from([0xef, 0xbb, 0xbf])],
];

const JSON_BUT_NOT_OBJECTS: readonly string[] = ['null', '[]', '"text"', '123', 'true', '{}'];

const UNKNOWN_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  'extra',
  '',
  'toString',
  'hasOwnProperty',
  'a'.repeat(1000),
  '\u0000',
  'method ',
  'METHOD',
  '서울',
];

export const BODY_MUTATIONS: readonly Mutation[] = [
  {
    name: 'field:hostile',
    weight: 8,
    applies: jsonBody,
    apply(draft, rng) {
      const body = draft.body as JsonBody;
      const slots = slotsOf(body);
      // Leaves more often than the root, so most bodies stay objects with one bad field.
      const slot = slots.length > 1 && rng.chance(0.95) ? rng.pick(slots.slice(1)) : slots[0]!;
      const hostile = anyHostile(rng);
      put(body, slot, hostileValue(body, hostile));
      return `field:hostile(${'root' in slot ? 'root' : String(slot.key)}=${hostile.label})`;
    },
  },
  {
    name: 'field:delete',
    weight: 3,
    applies: jsonBody,
    apply(draft, rng) {
      const slots = slotsOf(draft.body as JsonBody).slice(1);
      if (slots.length === 0) return 'field:delete(nothing)';
      const slot = rng.pick(slots) as { parent: Container; key: string | number };
      if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
      else delete slot.parent[slot.key];
      return `field:delete(${String(slot.key)})`;
    },
  },
  {
    name: 'field:unknown-key',
    weight: 3,
    applies: jsonBody,
    apply(draft, rng) {
      const body = draft.body as JsonBody;
      const objects = objectsOf(body);
      if (objects.length === 0) return 'field:unknown-key(no object)';
      const key = rng.pick(UNKNOWN_KEYS);
      defineOwn(rng.pick(objects), key, hostileValue(body, anyHostile(rng)));
      return `field:unknown-key(${JSON.stringify(key.slice(0, 20))})`;
    },
  },
  {
    name: 'body:duplicate-key',
    weight: 3,
    applies: (draft) => jsonBody(draft) && objectsOf(draft.body).length > 0,
    apply(draft, rng) {
      const body = draft.body as JsonBody;
      const keys = Object.keys(body.value as object);
      const key = keys.length > 0 && rng.chance(0.8) ? rng.pick(keys) : '__proto__';
      const hostile = anyHostile(rng);
      const value =
        'raw' in hostile ? hostile.raw : Buffer.from(JSON.stringify(hostile.value) ?? '');
      const pair = Buffer.concat([Buffer.from(`${JSON.stringify(key)}:`), value]);
      const first = rng.chance(0.5);
      body.byteEdits.push((bytes) => {
        const text = bytes.toString('latin1');
        const at = first ? text.indexOf('{') + 1 : text.lastIndexOf('}');
        if (at <= 0) return bytes;
        const separated = first
          ? Buffer.concat([pair, Buffer.from(text[at] === '}' ? '' : ',')])
          : Buffer.concat([Buffer.from(text[at - 1] === '{' ? '' : ','), pair]);
        return Buffer.concat([bytes.subarray(0, at), separated, bytes.subarray(at)]);
      });
      return `body:duplicate-key(${key}, ${first ? 'first' : 'last'}=${hostile.label})`;
    },
  },
  {
    name: 'body:deep',
    weight: 2,
    applies: jsonBody,
    apply(draft, rng) {
      const body = draft.body as JsonBody;
      const depth = rng.pick([
        REQUEST_LIMITS.jsonDepth - 2,
        REQUEST_LIMITS.jsonDepth + 1,
        100,
        10_000,
        200_000,
      ]);
      put(body, rng.pick(slotsOf(body)), rawJson(body, nested(depth, rng)));
      return `body:deep(${depth})`;
    },
  },
  {
    name: 'body:huge',
    weight: 1,
    applies: (draft) => draft.body.kind !== 'none' || draft.route.body !== undefined,
    apply(draft, rng) {
      const limit = REQUEST_LIMITS.bodyBytes;
      const kind = rng.pick([
        'over-limit string',
        'padded to the limit',
        'padded past the limit',
        'many values',
      ]);
      const body = draft.body.kind === 'json' ? draft.body : freshBody(draft, {});
      if (kind === 'over-limit string') {
        put(body, rng.pick(slotsOf(body)), 'x'.repeat(limit + rng.int(1, 100_000)));
      } else if (kind === 'many values') {
        put(
          body,
          rng.pick(slotsOf(body)),
          new Array(REQUEST_LIMITS.jsonValuesMax + rng.int(1, 5_000)).fill(0),
        );
      } else {
        // Whitespace is valid JSON: only the size can be wrong.
        const target = kind === 'padded to the limit' ? limit : limit + 1;
        body.byteEdits.push((bytes) =>
          bytes.length >= target
            ? bytes
            : Buffer.concat([bytes, Buffer.alloc(target - bytes.length, 0x20)]),
        );
      }
      return `body:huge(${kind})`;
    },
  },
  {
    name: 'body:max-items',
    weight: 0.3,
    applies: (draft) => jsonBody(draft) && Array.isArray(itemsOf(draft.body.value)),
    apply(draft, rng) {
      const value = (draft.body as JsonBody).value as { items: unknown[] };
      const count = REQUEST_LIMITS.itemsPerPaymentMax + rng.pick([0, 1]);
      const year = rng.int(2000, 2026);
      value.items = Array.from({ length: count }, (_, i) => ({
        court: '서울중앙지방법원',
        caseNumber: `${year}가단${rng.int(1, 8_000_000) + i}`,
      }));
      return `body:max-items(${count})`;
    },
  },
  {
    name: 'body:broken-json',
    weight: 3,
    applies: jsonBody,
    apply(draft, rng) {
      const [label, edit] = rng.pick(BREAKS);
      (draft.body as JsonBody).byteEdits.push((bytes) =>
        Buffer.from(edit(bytes.toString('latin1'), rng), 'latin1'),
      );
      return `body:broken-json(${label})`;
    },
  },
  {
    name: 'body:byte-order-mark',
    weight: 1.5,
    applies: jsonBody,
    apply(draft, rng) {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const kind = rng.pick(['leading', 'twice', 'inside', 'utf-16']);
      (draft.body as JsonBody).byteEdits.push((bytes) => {
        if (kind === 'leading') return Buffer.concat([bom, bytes]);
        if (kind === 'twice') return Buffer.concat([bom, bom, bytes]);
        if (kind === 'inside') return Buffer.concat([bytes.subarray(0, 1), bom, bytes.subarray(1)]);
        return Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(bytes.toString('utf8'), 'utf16le'),
        ]);
      });
      return `body:byte-order-mark(${kind})`;
    },
  },
  {
    name: 'body:nfd',
    weight: 1.5,
    applies: jsonBody,
    apply(draft) {
      const body = draft.body as JsonBody;
      body.value = JSON.parse(JSON.stringify(body.value), (_key, value: unknown) =>
        typeof value === 'string' ? value.normalize('NFD') : value,
      ) as unknown;
      return 'body:nfd';
    },
  },
  {
    name: 'body:replaced',
    weight: 2,
    applies: () => true,
    apply(draft, rng) {
      if (rng.chance(0.5)) {
        const [label, bytes] = rng.pick(NOT_JSON_BODIES);
        draft.body = { kind: 'raw', bytes };
        return `body:replaced(${label})`;
      }
      const text = rng.pick(JSON_BUT_NOT_OBJECTS);
      draft.body = { kind: 'raw', bytes: Buffer.from(text) };
      setHeader(draft, 'Content-Type', 'application/json');
      draft.facts.bodyIsJson = true;
      return `body:replaced(${text})`;
    },
  },
  {
    name: 'body:dropped',
    weight: 1,
    applies: (draft) => draft.body.kind !== 'none',
    apply(draft) {
      draft.body = { kind: 'none' };
      return 'body:dropped';
    },
  },
  {
    name: 'body:where-none-is-taken',
    weight: 1.5,
    applies: (draft) => draft.body.kind === 'none',
    apply(draft, rng) {
      const body = freshBody(draft, {});
      if (rng.chance(0.7)) put(body, { root: true }, { reason: anyHostileValue(body, rng) });
      return 'body:where-none-is-taken';
    },
  },
  {
    name: 'body:chunked',
    weight: 1.5,
    applies: (draft) => draft.body.kind !== 'none',
    apply(draft) {
      draft.chunked = true;
      return 'body:chunked';
    },
  },
];

/** The `items` of a body that is an object, else undefined. */
function itemsOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null
    ? (value as { items?: unknown }).items
    : undefined;
}

function anyHostileValue(body: JsonBody, rng: Rng): unknown {
  return hostileValue(body, anyHostile(rng));
}

/** Gives a bodiless draft a JSON body (with its Content-Type). */
function freshBody(draft: Draft, value: unknown): JsonBody {
  const body: JsonBody = { kind: 'json', value, rawTokens: new Map(), byteEdits: [] };
  draft.body = body;
  setHeader(draft, 'Content-Type', 'application/json');
  draft.facts.bodyIsJson = true;
  return body;
}
