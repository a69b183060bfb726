/**
 * Mutations of the request line: path parameters bent out of their patterns (encoded slashes,
 * dot segments, raw bytes, ids far past every limit), path tricks (trailing and double slashes,
 * dot segments, case, percent-encoded letters, absolute form), query oddities, and other methods.
 */
import { HOSTILE_TEXT } from './hostile-values';
import type { Mutation } from './mutation';
import type { Rng } from './rng';

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

/** Values for a path parameter, as they go on the request line. */
function hostileParam(rng: Rng, current: Buffer): [string, Buffer] {
  const kind = rng.pick([
    'hostile text, encoded',
    'hostile text, raw UTF-8',
    '64 characters',
    '65 characters',
    '1,000 characters',
    '15,000 characters',
    '20,000 characters',
    'encoded slash',
    'dot dot',
    'encoded dot dot',
    'empty',
    'with a slash',
    'encoded NUL',
    'encoded lone surrogate',
    'overlong slash',
    'doubled',
  ]);
  const values: Record<string, () => Buffer> = {
    'hostile text, encoded': () => latin1(encodeURIComponent(safeText(rng))),
    'hostile text, raw UTF-8': () => Buffer.from(rng.pick(HOSTILE_TEXT), 'utf8'),
    '64 characters': () => latin1('a'.repeat(64)),
    '65 characters': () => latin1('a'.repeat(65)),
    '1,000 characters': () => latin1('a'.repeat(1_000)),
    '15,000 characters': () => latin1('b'.repeat(15_000)),
    '20,000 characters': () => latin1('c'.repeat(20_000)),
    'encoded slash': () => Buffer.concat([current, latin1('%2F..%2F..%2Fetc%2Fpasswd')]),
    'dot dot': () => latin1('..'),
    'encoded dot dot': () => latin1('%2e%2e'),
    empty: () => Buffer.alloc(0),
    'with a slash': () => Buffer.concat([current, latin1('/x')]),
    'encoded NUL': () => Buffer.concat([current, latin1('%00')]),
    'encoded lone surrogate': () => latin1('%ed%a0%80'),
    'overlong slash': () => latin1('%c0%af'),
    doubled: () => Buffer.concat([current, current]),
  };
  return [kind, values[kind]!()];
}

/** A hostile text that encodeURIComponent accepts (it throws on lone surrogates). */
function safeText(rng: Rng): string {
  return rng.pick(HOSTILE_TEXT).replace(/[\ud800-\udfff]/g, '\ufffd');
}

/** Edits of the whole path; the route may no longer match, so they assert nothing themselves. */
const PATH_TRICKS: readonly (readonly [string, (path: string) => string])[] = [
  ['trailing slash', (path) => `${path}/`],
  ['double slash', (path) => path.replace('/', '//')],
  ['inner double slash', (path) => path.replace(/\/([^/]*)$/, '//$1')],
  ['dot segment', (path) => path.replace('/v1/', '/v1/./')],
  ['dot-dot segment', (path) => path.replace('/v1/', '/v1/x/../')],
  ['encoded dot-dot', (path) => path.replace('/v1/', '/v1/%2e%2e/v1/')],
  ['upper case', (path) => path.toUpperCase()],
  ['encoded letter', (path) => path.replace('v1', '%76%31')],
  ['encoded slash', (path) => path.replace(/\/([^/]*)$/, '%2F$1')],
  ['backslashes', (path) => path.replace(/\//g, '\\')],
  ['matrix parameter', (path) => `${path};jsessionid=1`],
  ['fragment', (path) => `${path}#x`],
  ['absolute form', (path) => `http://localhost${path}`],
  ['asterisk', () => '*'],
  ['no leading slash', (path) => path.slice(1)],
];

const QUERY_TRICKS: readonly (readonly [string, (query: string, rng: Rng) => string])[] = [
  ['bare question mark', () => '?'],
  ['two question marks', (query) => `??${query.replace(/^\?/, '')}`],
  ['ampersands only', () => '?&&&'],
  ['equals only', () => '?='],
  ['name without value', (query) => append(query, 'limit')],
  ['undeclared parameter', (query) => append(query, 'fz=1')],
  ['__proto__ parameter', (query) => append(query, '__proto__[x]=1')],
  ['constructor parameter', (query) => append(query, 'constructor[prototype][x]=1')],
  ['array parameter', (query) => append(query, 'limit[]=1')],
  ['repeated limit', (query) => append(append(query, 'limit=1'), 'limit=2')],
  ['limit hostile', (query, rng) => append(query, `limit=${rng.pick(NUMBERISH)}`)],
  ['after hostile', (query, rng) => append(query, `after=${rng.pick(NUMBERISH)}`)],
  ['cursor hostile', (query, rng) => append(query, `cursor=${encodeURIComponent(safeText(rng))}`)],
  ['asOf hostile', (query, rng) => append(query, `asOf=${rng.pick(INSTANTS)}`)],
  ['asOf dropped', (query) => query.replace(/([?&])asOf=[^&]*/, '$1')],
  ['bad percent', (query) => append(query, 'cursor=%zz')],
  ['encoded ampersand', (query) => append(query, 'cursor=a%26limit%3D0')],
  ['8 KiB query', (query) => append(query, `fz=${'q'.repeat(8_192)}`)],
  ['plus signs', (query) => append(query, 'limit=+5')],
];

const NUMBERISH: readonly string[] = [
  '0',
  '-1',
  '1',
  '100',
  '101',
  '100000',
  '100001',
  '1.5',
  '1e2',
  '1e400',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  '-0',
  '',
  '%20',
  'abc',
  '%ef%bc%91',
];

const INSTANTS: readonly string[] = [
  '2026-12-01T10:00:00%2B09:00',
  '2026-12-01',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '1e400',
  'now',
  '',
  '2026-12-01T10:00:00Z%00',
];

function append(query: string, pair: string): string {
  return query.length <= 1 ? `?${pair}` : `${query}&${pair}`;
}

/** Methods besides the route's: from the HTTP set, WebDAV, lower case and made up. */
const METHODS: readonly string[] = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'get',
  'BREW',
  'CONNECT',
];

export const PATH_MUTATIONS: readonly Mutation[] = [
  {
    name: 'path:param',
    weight: 5,
    applies: (draft) => draft.params.size > 0,
    apply(draft, rng) {
      const name = rng.pick([...draft.params.keys()]);
      const [kind, value] = hostileParam(rng, draft.params.get(name) ?? Buffer.alloc(0));
      draft.params.set(name, value);
      return `path:param(${name}: ${kind})`;
    },
  },
  {
    name: 'path:trick',
    weight: 3,
    applies: () => true,
    apply(draft, rng) {
      const [label, edit] = rng.pick(PATH_TRICKS);
      draft.pathEdits.push((path) => latin1(edit(path.toString('latin1'))));
      return `path:trick(${label})`;
    },
  },
  {
    name: 'query',
    weight: 3,
    applies: () => true,
    apply(draft, rng) {
      const [label, edit] = rng.pick(QUERY_TRICKS);
      draft.query = latin1(edit(draft.query.toString('latin1'), rng));
      return `query(${label})`;
    },
  },
  {
    name: 'method',
    weight: 3,
    applies: () => true,
    apply(draft, rng, { routes }) {
      const route = draft.route;
      // A method that reaches another route on this path is no wrong method (every GET route
      // answers HEAD too); HEAD on this route, if it is a GET, is fine as well.
      const elsewhere = new Set(
        routes
          .filter((other) => other.template === route.template && other !== route)
          .flatMap((other) => (other.method === 'GET' ? ['GET', 'HEAD'] : [other.method])),
      );
      const method = rng.pick(
        METHODS.filter((candidate) => candidate !== route.method && !elsewhere.has(candidate)),
      );
      draft.method = method;
      draft.facts.wrongMethod = !(method === 'HEAD' && route.method === 'GET');
      draft.facts.mayGoUnanswered = method === 'CONNECT';
      return `method(${method})`;
    },
  },
];

/** Exposed for the draft builder: percent-encodes a parameter value as a client would. */
export function encodeParam(value: string): Buffer {
  return latin1(encodeURIComponent(value));
}
