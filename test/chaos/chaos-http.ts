/**
 * The chaos loop's HTTP client: every call ends as an answer (a status and a body, read in full)
 * or as lost (the connection was refused or reset, or no whole answer came in time). A lost
 * command may or may not have taken effect; the loop retries it with its key after the restart.
 */
import { createHash } from 'node:crypto';
import { IdempotencyTicket, paymentIdForRequest } from '@lib/commands';
import { DEV_API_KEYS, type ApiRole } from '@lib/common';

export type Role = ApiRole;

export interface Answer {
  readonly kind: 'answer';
  readonly status: number;
  /** The parsed JSON body, or null when it was not JSON. */
  readonly body: unknown;
  readonly text: string;
  /** `Idempotent-Replayed: true`. */
  readonly replayed: boolean;
  /** The response headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface Lost {
  readonly kind: 'lost';
  readonly reason: string;
}

export type Outcome = Answer | Lost;

export interface CallOptions {
  readonly body?: unknown;
  readonly key?: string;
  readonly timeoutMs?: number;
  readonly accept?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** The body of an answer, as the fields a check reads. */
export function fieldsOf(answer: Answer): Record<string, unknown> {
  return (answer.body ?? {}) as Record<string, unknown>;
}

/** A problem document's `code`, or the empty string. */
export function codeOf(answer: Answer): string {
  const { code } = fieldsOf(answer);
  return typeof code === 'string' ? code : '';
}

export async function call(
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  route: string,
  role: Role | null,
  options: CallOptions = {},
): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (role !== null) headers.authorization = `Bearer ${DEV_API_KEYS[role]}`;
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  if (options.accept !== undefined) headers.accept = options.accept;
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  try {
    const response = await fetch(`${base}${route}`, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return {
      kind: 'answer',
      status: response.status,
      body,
      text,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      headers: Object.fromEntries(response.headers.entries()),
    };
  } catch (error) {
    return { kind: 'lost', reason: describe(error) };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code =
    cause !== null && typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}

/** The `keyId` the service gives a development key (libs/common config: role-<8 hex of SHA-256>). */
function keyIdOf(role: Role): string {
  const digest = createHash('sha256').update(DEV_API_KEYS[role], 'utf8').digest('hex');
  return `${role}-${digest.slice(0, 8)}`;
}

/**
 * The key a request's events carry in `metadata.idempotency.key` (docs/adr/0011): SHA-256 of the
 * caller's scope and the header, so the log can be searched for each command's effects.
 */
export function storedKeyOf(role: Role, key: string): string {
  return IdempotencyTicket.of(`${role}:${keyIdOf(role)}`, key, '').key;
}

/** The id of the payment a `POST /v1/payments` (or repayment) with this key creates. */
export function paymentIdOfKey(role: Role, key: string): string {
  return paymentIdForRequest(IdempotencyTicket.of(`${role}:${keyIdOf(role)}`, key, ''));
}
