/**
 * A request as the generator builds it and the mutations bend it, before it becomes bytes; and
 * what the generator knows about it that the oracle needs (which route it aims at, whether its
 * key is good, whether it must be refused).
 */
import type { RouteSpec } from './openapi-routes';

/** A JSON body: a value, serialised at the end, then passed through byte-level edits. */
export interface JsonBody {
  readonly kind: 'json';
  value: unknown;
  /** Raw JSON text to put where a sentinel string stands (`"\u0001R3\u0001"` → `1e400`). */
  readonly rawTokens: Map<string, Buffer>;
  /** Edits of the serialised bytes, in order (BOM, truncation, raw surrogates, …). */
  readonly byteEdits: ((bytes: Buffer) => Buffer)[];
}

export type Body = { readonly kind: 'none' } | JsonBody | { readonly kind: 'raw'; bytes: Buffer };

export interface Draft {
  method: string;
  /** `HTTP/1.1` unless a mutation says otherwise. */
  version: string;
  /** The path parameters, percent-encoded as they go on the request line (may hold raw bytes). */
  readonly params: Map<string, Buffer>;
  /** Edits of the whole path once the parameters are in (trailing slash, dot segments, …). */
  readonly pathEdits: ((path: Buffer) => Buffer)[];
  /** `?a=b&c=d`, already encoded; empty for none. */
  query: Buffer;
  /** In order; a value may hold raw bytes. `Host`, `Content-Length` are added unless set. */
  headers: [string, Buffer][];
  body: Body;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked: boolean;
  /** Leave out the Host header (HTTP/1.1 requires one). */
  noHost: boolean;
  readonly route: RouteSpec;
  /** What the generator knows, for the oracle. */
  readonly facts: DraftFacts;
  /** The names of the mutations applied, for reports. */
  readonly mutations: string[];
  /** What the world should remember if the request succeeds (the payer of a new payment, …). */
  readonly intent: Intent;
}

/** What a valid request was meant to do, so that its answer can teach the world. */
export type Intent =
  | { readonly kind: 'none' }
  | { readonly kind: 'request-payment'; readonly payer: Payer }
  | { readonly kind: 'repay'; readonly originalId: string }
  | { readonly kind: 'complete'; readonly pgTransactionId: string };

export type Payer =
  | { readonly type: 'MEMBER'; readonly memberId: string }
  | {
      readonly type: 'GUEST';
      readonly verificationId: string;
      readonly phone: string;
      readonly password: string;
    };

export interface DraftFacts {
  /** 'ok' (a key of one of the route's roles), or what is wrong with the Authorization header. */
  auth: 'ok' | 'none' | 'unknown' | 'wrong-role';
  /** The Content-Type is `application/json`; undefined for a spelling the contract leaves open. */
  bodyIsJson: boolean | undefined;
  /** The method is not the route's, and no other route has the path with this method. */
  wrongMethod: boolean;
  /** Reasons a success would break the contract, filled in once the request is final. */
  mustRefuse: string[];
  /** The connection may be closed without an answer (Node drops a CONNECT nobody handles). */
  mayGoUnanswered: boolean;
  /** Guest passwords sent in this request, which no answer may repeat (R25). */
  secrets: string[];
}

const SENTINEL = '\u0001';

/** A placeholder string for raw JSON text, replaced after serialisation. */
export function rawJson(body: JsonBody, text: string | Buffer): string {
  const token = `${SENTINEL}R${body.rawTokens.size}${SENTINEL}`;
  body.rawTokens.set(token, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return token;
}

/** The body's bytes, as they go on the wire. */
export function bodyBytes(body: Body): Buffer {
  if (body.kind === 'none') return Buffer.alloc(0);
  if (body.kind === 'raw') return body.bytes;
  const text = JSON.stringify(body.value) ?? '';
  let bytes: Buffer = Buffer.from(text, 'utf8');
  if (body.rawTokens.size > 0) bytes = replaceTokens(text, body.rawTokens);
  for (const edit of body.byteEdits) bytes = edit(bytes);
  return bytes;
}

/** Replaces `"<token>"` (quotes included) by its raw bytes, wherever the token stands. */
function replaceTokens(text: string, tokens: ReadonlyMap<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  const pattern = /"\\u0001R\d+\\u0001"/g;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const token = JSON.parse(match[0]) as string;
    const raw = tokens.get(token);
    if (raw === undefined) continue;
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'), raw);
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** The path as it goes on the request line: the template filled in, then the edits. */
export function pathOf(draft: Draft): Buffer {
  const parts = draft.route.template.split(/\{([^}]+)\}/);
  const filled = parts.map((part, index) =>
    index % 2 === 1 ? (draft.params.get(part) ?? Buffer.alloc(0)) : Buffer.from(part, 'latin1'),
  );
  return draft.pathEdits.reduce<Buffer>((path, edit) => edit(path), Buffer.concat(filled));
}

/** The value of a header as the service reads it: repeats joined by ", ", undefined if absent. */
export function headerOf(draft: Draft, name: string): string | undefined {
  const values = draft.headers
    .filter(([header]) => header.toLowerCase() === name)
    .map(([, value]) => value.toString('latin1').trim());
  return values.length === 0 ? undefined : values.join(', ');
}

/** Replaces every header of this name by one with `value`, or removes them (undefined). */
export function setHeader(draft: Draft, name: string, value: string | Buffer | undefined): void {
  draft.headers = draft.headers.filter(([header]) => header.toLowerCase() !== name.toLowerCase());
  if (value !== undefined) {
    draft.headers.push([name, typeof value === 'string' ? Buffer.from(value, 'utf8') : value]);
  }
}

/** The whole request as bytes. */
export function requestBytes(draft: Draft, host: string): { head: Buffer; body: Buffer } {
  const body = bodyBytes(draft.body);
  const lines: Buffer[] = [
    Buffer.concat([
      Buffer.from(`${draft.method} `, 'latin1'),
      pathOf(draft),
      draft.query,
      Buffer.from(` ${draft.version}\r\n`, 'latin1'),
    ]),
  ];
  const named = (name: string): boolean =>
    draft.headers.some(([header]) => header.toLowerCase() === name);
  if (!draft.noHost && !named('host')) lines.push(Buffer.from(`Host: ${host}\r\n`, 'latin1'));
  for (const [name, value] of draft.headers) {
    lines.push(Buffer.from(`${name}: `, 'latin1'), value, Buffer.from('\r\n', 'latin1'));
  }
  let wireBody = body;
  if (draft.chunked) {
    lines.push(Buffer.from('Transfer-Encoding: chunked\r\n', 'latin1'));
    wireBody = chunkedOf(body);
  } else if (body.length > 0 || draft.body.kind !== 'none') {
    lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`, 'latin1'));
  }
  lines.push(Buffer.from('\r\n', 'latin1'));
  return { head: Buffer.concat(lines), body: wireBody };
}

function chunkedOf(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += 4096) {
    const chunk = body.subarray(at, at + 4096);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk);
    parts.push(Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

/** Bytes as readable, escaped text: printable ASCII as is, everything else as \xNN / \r\n. */
export function escapeBytes(bytes: Buffer, max = 2000): string {
  let out = '';
  const shown = bytes.subarray(0, max);
  for (const byte of shown) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  if (bytes.length > max) {
    const tail = bytes.subarray(Math.max(max, bytes.length - 200));
    out += `… [${bytes.length - max - tail.length} more bytes] …${escapeBytes(tail, 200)}`;
  }
  return out;
}
