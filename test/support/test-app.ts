import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DateTime } from 'luxon';
import request from 'supertest';
import {
  BUSINESS_ZONE,
  ManualClock,
  RealTimeScheduler,
  loadConfig,
  type LedgerConfig,
} from '@lib/common';
import {
  EVENT_STORE,
  openEsdbEventStore,
  openSqliteEventStore,
  type EventStore,
} from '@lib/event-store';
import {
  SandboxPg,
  type CancelAnswer,
  type CancelRequest,
  type CancellationStatus,
  type PaymentGateway,
  type VoidAnswer,
  type VoidRequest,
} from '@lib/gateway';
import { createApp } from '@app/server';
import { esdbEnvFor, onEventStoreDb } from '../esdb/esdb-test-store';
import {
  OPENAPI_DOCUMENT_PATH,
  checkResponsesAgainstOpenApi,
  readDocumentWith,
} from './openapi/conformance';

// Every answer these helpers receive is checked against the app's own OpenAPI document.
checkResponsesAgainstOpenApi();

export const DEV_KEYS = {
  client: 'dev-client-key',
  gateway: 'dev-gateway-key',
  support: 'dev-support-key',
  auditor: 'dev-auditor-key',
  admin: 'dev-admin-key',
} as const;
export type Role = keyof typeof DEV_KEYS;

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly clock: ManualClock;
  readonly store: EventStore;
  readonly dataDir: string;
  /** A supertest agent for the app's HTTP server. */
  http(): ReturnType<typeof request>;
  /** `POST path` as `role`, with a fresh Idempotency-Key unless one is given. */
  post(role: Role, path: string, body?: object, idempotencyKey?: string): request.Test;
  get(role: Role, path: string): request.Test;
  /** The event types of `payment-<paymentId>`, in order. */
  paymentEvents(paymentId: string): Promise<string[]>;
  /** How many events the whole store holds (`$all`), to prove a request appended nothing. */
  eventCount(): Promise<number>;
  /**
   * As `eventCount`, without the Idempotency-Key bookkeeping (`idempotency-*` streams): a refused
   * request may start and release its key, but must append no ledger event.
   */
  ledgerEventCount(): Promise<number>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Where the business clock stands at start (ISO 8601 with offset). */
  readonly now?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly gateway?: PaymentGateway;
  /** Reuse a data folder, e.g. to prove something survives a restart. */
  readonly dataDir?: string;
}

let keyCounter = 0;

/** The real application on a fresh SQLite file in a temp folder, with a clock the test moves. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  const config: LedgerConfig = loadConfig({
    NODE_ENV: 'test',
    LEDGER_DATA_DIR: dataDir,
    ...(onEventStoreDb() ? await esdbEnvFor(dataDir) : {}),
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2026-12-01T10:00:00+09:00');
  const app = await createApp(config, {
    logger: ['error'],
    infrastructure: { clock, ...(options.gateway ? { gateway: options.gateway } : {}) },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  // The answers are checked against this document, read from an address of its own (TEST-NET-1)
  // so that it costs no test its per-address rate limit.
  readDocumentWith(server, async () => {
    const answer = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: OPENAPI_DOCUMENT_PATH, remoteAddress: '192.0.2.1' });
    return { status: answer.statusCode, text: answer.body };
  });
  const http = () => request(server);
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    clock,
    store,
    dataDir,
    http,
    post(role, route, body, idempotencyKey) {
      keyCounter += 1;
      const call = http()
        .post(route)
        .set('Authorization', `Bearer ${DEV_KEYS[role]}`)
        .set('Idempotency-Key', idempotencyKey ?? `test-key-${process.pid}-${keyCounter}`);
      return body === undefined ? call : call.send(body);
    },
    get(role, route) {
      return http().get(route).set('Authorization', `Bearer ${DEV_KEYS[role]}`);
    },
    async paymentEvents(paymentId) {
      const events = await store.readStream(`payment-${paymentId}`);
      return events.map((event) => event.type);
    },
    async eventCount() {
      return (await store.readAll()).length;
    },
    async ledgerEventCount() {
      const events = await store.readAll();
      return events.filter((event) => !event.streamId.startsWith('idempotency-')).length;
    },
    close: () => app.close(),
  };
}

/** A valid `POST /v1/payments` body: a member paying by card for `count` judgments. */
export function cardPaymentBody(count = 1, memberId = 'm-1001', cardIssuer = 'SHINHAN'): object {
  return {
    payer: { type: 'MEMBER', memberId },
    method: 'CARD',
    cardIssuer,
    items: judgments(count),
  };
}

export function transferPaymentBody(count = 1, memberId = 'm-1001', bankCode = '088'): object {
  return {
    payer: { type: 'MEMBER', memberId },
    method: 'BANK_TRANSFER',
    bankCode,
    items: judgments(count),
  };
}

/** `count` distinct judgments at 서울중앙지방법원. */
export function judgments(count: number): { court: string; caseNumber: string }[] {
  return Array.from({ length: count }, (_, index) => ({
    court: '서울중앙지방법원',
    caseNumber: `2024가합${10000 + index}`,
  }));
}

/** A PG approval body for a payment of `amount` KRW. */
export function approval(amount: number, overrides: Partial<Record<string, unknown>> = {}): object {
  return {
    pgTransactionId: `pg-${amount}-${(keyCounter += 1)}`,
    approvedAmount: amount,
    approvedAt: '2026-12-01T10:00:00+09:00',
    certificateVerified: false,
    ...overrides,
  };
}

let memberCounter = 0;

/** A member id no other test uses, so one test's pending transfer (R6) never blocks another's. */
export function newMemberId(prefix = 'm'): string {
  memberCounter += 1;
  return `${prefix}-${process.pid}-${memberCounter}`;
}

/**
 * Moves the clock to `time` (`HH:mm`, `HH:mm:ss` or `HH:mm:ss.SSS`, KST) on the KST day `daysLater`
 * days after the clock's current day. Forward only, like the clock itself. Returns the instant.
 */
export function moveClockTo(clock: ManualClock, time: string, daysLater = 0): string {
  const day = clock.now().setZone(BUSINESS_ZONE).startOf('day').plus({ days: daysLater });
  const at = DateTime.fromISO(`${day.toFormat('yyyy-MM-dd')}T${time}`, { zone: BUSINESS_ZONE });
  if (!at.isValid) throw new RangeError(`Not a time of day: ${time}`);
  const iso = at.toISO({ includeOffset: true });
  clock.set(iso);
  return iso;
}

/** What `POST /v1/payments` and the payment routes answer, as far as the tests read it. */
export interface PaymentBody {
  paymentId: string;
  status: string;
  amount: number;
  items: {
    itemId: string;
    court: string;
    caseNumber: string;
    fee: number;
    viewed: boolean;
    viewedAt: string | null;
  }[];
  [key: string]: unknown;
}

/** Requests a payment (201 expected) and returns its body. */
export async function requestPayment(t: TestApp, body: object): Promise<PaymentBody> {
  const response = await t.post('client', '/v1/payments', body);
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({
    status: 201,
  });
  return response.body as PaymentBody;
}

/** Completes a REQUESTED payment through the gateway route (200 expected). */
export async function completePayment(
  t: TestApp,
  payment: PaymentBody,
  overrides: Partial<Record<string, unknown>> = {},
): Promise<PaymentBody> {
  const response = await t.post(
    'gateway',
    `/v1/payments/${payment.paymentId}/complete`,
    approval(payment.amount, overrides),
  );
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({
    status: 200,
  });
  return response.body as PaymentBody;
}

/** A card payment of `count` judgments by a fresh member, approved by the PG: COMPLETED. */
export async function completedCardPayment(
  t: TestApp,
  options: { count?: number; memberId?: string; pgTransactionId?: string } = {},
): Promise<PaymentBody> {
  const requested = await requestPayment(
    t,
    cardPaymentBody(options.count ?? 1, options.memberId ?? newMemberId()),
  );
  return completePayment(
    t,
    requested,
    options.pgTransactionId === undefined ? {} : { pgTransactionId: options.pgTransactionId },
  );
}

/** A problem document as the API answers it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  message: string;
  reason?: string;
  retryAfter?: string;
  pgCode?: string;
  pgMessage?: string;
  errors?: { field: string; message: string }[];
}

/**
 * Every error is an RFC 9457 problem (DESIGN.md §6): the status, `application/problem+json`, the
 * stable `code`, an English title and a Korean message.
 */
export function expectProblem(response: request.Response, status: number, code: string): Problem {
  expect({ status: response.status, body: response.text }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.text) as Problem;
  expect(problem).toMatchObject({ status, code });
  expect(problem.title).toMatch(/^[\x20-\x7E]+$/);
  expect(problem.message).toMatch(/[가-힣]/);
  for (const violation of problem.errors ?? []) expect(violation.message).toMatch(/[가-힣]/);
  return problem;
}

/**
 * The sandbox PG (its own books in memory), remembering every cancellation it was asked for, and
 * answering scripted outcomes first when a test asks for them.
 */
export class RecordingGateway implements PaymentGateway {
  readonly cancellations: CancelRequest[] = [];
  readonly sandbox = new SandboxPg({
    file: ':memory:',
    scheduler: new RealTimeScheduler(),
    slowMs: 50,
    now: () => new Date().toISOString(),
  });
  private readonly scripted: (CancelAnswer | Error)[] = [];

  /**
   * The next cancellations answer these (an Error: the call fails, so the outcome is unknown),
   * in order; then the sandbox answers again. A scripted answer never reaches the sandbox.
   */
  answerNext(...outcomes: (CancelAnswer | Error)[]): void {
    this.scripted.push(...outcomes);
  }

  cancel(request: CancelRequest): Promise<CancelAnswer> {
    this.cancellations.push(request);
    const scripted = this.scripted.shift();
    if (scripted === undefined) return this.sandbox.cancel(request);
    return scripted instanceof Error ? Promise.reject(scripted) : Promise.resolve(scripted);
  }

  cancellationStatus(cancellationId: string): Promise<CancellationStatus> {
    return this.sandbox.cancellationStatus(cancellationId);
  }

  voidApproval(request: VoidRequest): Promise<VoidAnswer> {
    return this.sandbox.voidApproval(request);
  }

  callsFor(paymentId: string): number {
    return this.cancellations.filter((call) => call.paymentId === paymentId).length;
  }
}

let verificationCounter = 0;

/** A valid `POST /v1/payments` body: a guest (real-name checked) paying by card for `count` judgments. */
export function guestCardPaymentBody(phone: string, password: string, count = 1): object {
  verificationCounter += 1;
  return {
    payer: {
      type: 'GUEST',
      verificationId: `ver-${process.pid}-${verificationCounter}`,
      phone,
      password,
    },
    method: 'CARD',
    cardIssuer: 'KB',
    items: judgments(count),
  };
}

/** What the list routes answer (DESIGN.md §6), as far as the tests read it. */
export interface PaymentListBody {
  payments: PaymentBody[];
  nextCursor: string | null;
}

/**
 * The event store of a test app's data folder, opened from outside the app (e.g. to write what a
 * crashed process left behind): the SQLite file, or the folder's EventStoreDB test server.
 */
export async function openTestStore(dataDir: string): Promise<EventStore> {
  if (onEventStoreDb()) {
    const { LEDGER_ESDB_URL } = await esdbEnvFor(dataDir);
    return openEsdbEventStore(LEDGER_ESDB_URL!);
  }
  return openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite') });
}
