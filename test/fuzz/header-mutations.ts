/**
 * Mutations of the headers: missing, unknown and other roles' API keys, odd spellings of a good
 * one; Idempotency-Key missing, empty, too long, repeated or reused; Content-Type and Accept of
 * every kind (application/x-ndjson included); junk and oversized headers, a missing Host, HTTP/1.0.
 */
import { type Draft, type DraftFacts, setHeader } from './draft';
import { HOSTILE_TEXT } from './hostile-values';
import type { Mutation } from './mutation';
import { accepts, DEV_KEYS, ROLES } from './openapi-routes';
import type { Rng } from './rng';

type AuthClass = DraftFacts['auth'];

/** Authorization values built from a good key, and what the service must make of each. */
const AUTH_SPELLINGS: readonly (readonly [string, (key: string) => string | Buffer, AuthClass])[] =
  [
    ['scheme only', () => 'Bearer', 'none'],
    ['empty', () => '', 'none'],
    ['Basic', (key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'none'],
    ['Token scheme', (key) => `Token ${key}`, 'none'],
    ['no scheme', (key) => key, 'none'],
    ['tab separator', (key) => `Bearer\t${key}`, 'none'],
    ['upper-case key', (key) => `Bearer ${key.toUpperCase()}`, 'unknown'],
    ['key plus a character', (key) => `Bearer ${key}x`, 'unknown'],
    ['key less a character', (key) => `Bearer ${key.slice(0, -1)}`, 'unknown'],
    ['key twice', (key) => `Bearer ${key} ${key}`, 'unknown'],
    ['key comma key', (key) => `Bearer ${key},${key}`, 'unknown'],
    ['percent-encoded key', (key) => `Bearer ${key.replace(/-/g, '%2D')}`, 'unknown'],
    [
      'key and a byte FF',
      (key) => Buffer.concat([Buffer.from(`Bearer ${key}`), Buffer.from([0xff])]),
      'unknown',
    ],
    ['key in UTF-8 Hangul', () => 'Bearer 개발-키', 'unknown'],
    ['10 KiB key', () => `Bearer ${'k'.repeat(10_240)}`, 'unknown'],
    ['made-up key', () => 'Bearer fz-not-a-key-7f3a9c', 'unknown'],
    ['lower-case scheme', (key) => `bearer ${key}`, 'ok'],
    ['spaces around', (key) => `BEARER    ${key}   `, 'ok'],
  ];

/** Content-Type spellings, and whether each is application/json (undefined: left open). */
const CONTENT_TYPES: readonly (readonly [string | undefined, boolean | undefined])[] = [
  [undefined, false],
  ['', false],
  ['text/plain', false],
  ['application/x-www-form-urlencoded', false],
  ['multipart/form-data; boundary=----fz', false],
  ['application/problem+json', false],
  ['application/x-ndjson', false],
  ['application/jsonx', false],
  ['application/json-patch+json', false],
  ['text/json', false],
  ['APPLICATION/JSON', true],
  ['application/json; charset=utf-8', true],
  ['application/json;charset=UTF-8', true],
  ['application/json; charset=latin1', undefined],
  ['application/json; charset=utf-16', undefined],
  ['application/json, text/plain', undefined],
  ['application/json;;;', undefined],
  ['*/*', undefined],
  ['application/*', undefined],
];

const ACCEPTS: readonly string[] = [
  'application/x-ndjson',
  'application/x-ndjson, application/json;q=0.5',
  'application/json;q=0, application/x-ndjson',
  'text/html',
  'application/xml',
  'application/problem+json',
  '*/*',
  '',
  'x/y;q=abc',
  `${'application/json, '.repeat(200)}*/*`,
];

const JUNK_HEADERS: readonly (readonly [string, string | Buffer])[] = [
  ['X-Forwarded-For', '10.0.0.1, 127.0.0.1'],
  ['X-Forwarded-Host', 'evil.example'],
  ['X-Forwarded-Proto', 'gopher'],
  ['X-HTTP-Method-Override', 'DELETE'],
  ['X-Original-URL', '/v1/settlements/2026-12-01/close'],
  ['X-Real-IP', '::1'],
  ['Cookie', 'session=1; __proto__=x'],
  ['Origin', 'null'],
  ['Referer', 'https://법원.example/한글?x=\u202e'],
  ['Connection', 'close'],
  ['Expect', '100-continue'],
  ['Content-Encoding', 'gzip'],
  ['Accept-Encoding', 'br, gzip, zstd'],
  ['Accept-Language', 'ko-KR'],
  ['Range', 'bytes=0-3'],
  ['If-None-Match', '*'],
  ['Upgrade', 'websocket'],
  ['X-Obs-Text', Buffer.from([0x80, 0xff, 0xed, 0xa0, 0x80])],
  ['X-Utf8', Buffer.from('한글\u202e', 'utf8')],
  ['X-Long', 'v'.repeat(8_000)],
  ['X-Nul', Buffer.from([0x61, 0x00, 0x62])],
  ['Bad Name', 'x'],
  ['X-Ctl', Buffer.from([0x61, 0x01])],
];

/** Host headers to send instead of the right one (none at all for the first). */
const HOSTS: readonly (readonly [string, readonly string[]])[] = [
  ['missing', []],
  ['empty', ['']],
  ['foreign', ['evil.example:99999']],
  ['Hangul', ['법원.example']],
  ['two', ['localhost', 'evil.example']],
];

/** The key of a role the route accepts. */
function goodKey(draft: Draft, rng: Rng): string {
  const roles = draft.route.roles === 'public' ? ROLES : draft.route.roles;
  return DEV_KEYS[rng.pick(roles)];
}

const protectedRoute = (draft: Draft): boolean => draft.route.roles !== 'public';

export const HEADER_MUTATIONS: readonly Mutation[] = [
  {
    name: 'auth:missing',
    weight: 2,
    applies: protectedRoute,
    apply(draft) {
      setHeader(draft, 'Authorization', undefined);
      draft.facts.auth = 'none';
      return 'auth:missing';
    },
  },
  {
    name: 'auth:other-role',
    weight: 3,
    applies: protectedRoute,
    apply(draft, rng) {
      const role = rng.pick(ROLES);
      setHeader(draft, 'Authorization', `Bearer ${DEV_KEYS[role]}`);
      draft.facts.auth = accepts(draft.route, role) ? 'ok' : 'wrong-role';
      return `auth:other-role(${role})`;
    },
  },
  {
    name: 'auth:spelling',
    weight: 3,
    applies: protectedRoute,
    apply(draft, rng) {
      const [label, spell, auth] = rng.pick(AUTH_SPELLINGS);
      setHeader(draft, 'Authorization', spell(goodKey(draft, rng)));
      draft.facts.auth = auth;
      return `auth:spelling(${label})`;
    },
  },
  {
    name: 'auth:two-headers',
    weight: 1,
    applies: protectedRoute,
    apply(draft, rng) {
      // Node keeps the first Authorization header and drops the rest.
      const role = rng.pick(ROLES);
      setHeader(draft, 'Authorization', `Bearer ${DEV_KEYS[role]}`);
      draft.headers.push(['Authorization', Buffer.from(`Bearer ${goodKey(draft, rng)}`)]);
      draft.facts.auth = accepts(draft.route, role) ? 'ok' : 'wrong-role';
      return `auth:two-headers(first ${role})`;
    },
  },
  {
    name: 'idempotency-key',
    weight: 3,
    applies: () => true,
    apply(draft, rng, { world }) {
      const kind = rng.pick([
        'missing',
        'empty',
        '255 characters',
        '256 characters',
        'inner space',
        'Hangul',
        'raw bytes',
        'repeated header',
        'reused',
        'hostile text',
      ]);
      const key = (): string => `fz-${rng.int(0, 1e9)}`;
      const values: Record<string, () => string | Buffer | undefined> = {
        missing: () => undefined,
        empty: () => '',
        '255 characters': () => 'k'.repeat(255),
        '256 characters': () => 'k'.repeat(256),
        'inner space': () => 'fz key',
        Hangul: () => '멱등-키',
        'raw bytes': () => Buffer.from([0x66, 0x7a, 0xff, 0xed, 0xa0, 0x80]),
        'repeated header': key,
        reused: () => world.pick(rng, world.idempotencyKeys) ?? key(),
        'hostile text': () => rng.pick(HOSTILE_TEXT),
      };
      setHeader(draft, 'Idempotency-Key', values[kind]!());
      if (kind === 'repeated header') draft.headers.push(['Idempotency-Key', Buffer.from(key())]);
      return `idempotency-key(${kind})`;
    },
  },
  {
    name: 'content-type',
    weight: 3,
    applies: () => true,
    apply(draft, rng) {
      const [value, isJson] = rng.pick(CONTENT_TYPES);
      setHeader(draft, 'Content-Type', value);
      draft.facts.bodyIsJson = isJson;
      return `content-type(${value ?? 'missing'})`;
    },
  },
  {
    name: 'accept',
    weight: 2,
    applies: () => true,
    apply(draft, rng) {
      const value = rng.pick(ACCEPTS);
      setHeader(draft, 'Accept', value);
      return `accept(${value.slice(0, 40)})`;
    },
  },
  {
    name: 'header:junk',
    weight: 2,
    applies: () => true,
    apply(draft, rng) {
      const [name, value] = rng.pick(JUNK_HEADERS);
      draft.headers.push([name, typeof value === 'string' ? Buffer.from(value, 'utf8') : value]);
      return `header:junk(${name})`;
    },
  },
  {
    name: 'header:many',
    weight: 0.5,
    applies: () => true,
    apply(draft, rng) {
      const count = rng.pick([100, 500]);
      for (let i = 0; i < count; i += 1) draft.headers.push([`X-Fz-${i}`, Buffer.from(String(i))]);
      return `header:many(${count})`;
    },
  },
  {
    name: 'header:expectation',
    weight: 0.3,
    applies: () => true,
    apply(draft) {
      draft.headers.push(['Expect', Buffer.from('fz-unmet')]);
      return 'header:expectation';
    },
  },
  {
    name: 'host',
    weight: 1,
    applies: () => true,
    apply(draft, rng) {
      const [kind, hosts] = rng.pick(HOSTS);
      setHeader(draft, 'Host', undefined);
      draft.noHost = hosts.length === 0;
      for (const host of hosts) draft.headers.push(['Host', Buffer.from(host, 'utf8')]);
      return `host(${kind})`;
    },
  },
  {
    name: 'version:1.0',
    weight: 0.5,
    applies: () => true,
    apply(draft, rng) {
      draft.version = 'HTTP/1.0';
      if (rng.chance(0.5)) draft.noHost = true;
      return 'version:1.0';
    },
  },
];
