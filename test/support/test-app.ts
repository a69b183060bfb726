import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ManualClock, loadConfig, type LedgerConfig } from '@lib/common';
import type { EventStore } from '@lib/event-store';
import { EVENT_STORE } from '@lib/event-store/event-store.token';
import type { PaymentGateway } from '@lib/gateway';
import { createApp } from '../../apps/api/src/bootstrap';

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
  const http = () => request(server);
  return {
    app,
    clock,
    store: app.get<EventStore>(EVENT_STORE),
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
