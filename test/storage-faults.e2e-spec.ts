/**
 * Issue 13, storage faults through HTTP. A full disk (SQLite's `max_page_count`, through the
 * test-only LEDGER_SQLITE_MAX_PAGE_COUNT) and a store that can no longer be written (opened
 * read-only: tests may run as root, which ignores file modes) answer 503 STORAGE_UNAVAILABLE with a
 * Korean message and Retry-After, never a 500; nothing of the refused request is in the log or the
 * read models; and the same request with the same Idempotency-Key succeeds, once, when the storage
 * is back. A data folder that cannot be written stops start-up with one sentence naming it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ManualClock, loadConfig } from '@lib/common';
import { openSqliteEventStore, type EventStore } from '@lib/event-store';
import { createApp } from '@app/server';
import { startLedgerProcess } from './support/ledger-process';
import {
  DEV_KEYS,
  RecordingGateway,
  cardPaymentBody,
  completedCardPayment,
  expectProblem,
  newMemberId,
  startTestApp,
  type PaymentBody,
  type PaymentListBody,
  type TestApp,
} from './support/test-app';

const scratch = (name: string): string =>
  fs.mkdtempSync(path.join(os.tmpdir(), `ledger-storage-${name}-`));

async function paymentsRequested(store: EventStore): Promise<number> {
  const events = await store.readAll();
  return events.filter((event) => event.type === 'PaymentRequested').length;
}

async function memberList(t: TestApp, memberId: string): Promise<string[]> {
  const response = await t.get('client', `/v1/members/${memberId}/payments?limit=100`).expect(200);
  return (response.body as PaymentListBody).payments.map((payment) => payment.paymentId);
}

describe('Storage faults (issue 13)', () => {
  describe('a full disk', () => {
    let dataDir: string;
    let t: TestApp | undefined;

    beforeAll(() => {
      dataDir = scratch('full');
    });
    afterAll(async () => {
      await t?.close();
    });

    it('given the event store full, then a payment is 503 STORAGE_UNAVAILABLE with Retry-After, nothing of it is written, and the same request succeeds once there is space', async () => {
      // About 64 KiB: a few dozen payments fit, then the disk is full.
      t = await startTestApp({ dataDir, env: { LEDGER_SQLITE_MAX_PAGE_COUNT: '16' } });
      const memberId = newMemberId();
      const body = cardPaymentBody(3, memberId);
      const acknowledged: string[] = [];
      let refused: request.Response | undefined;
      let refusedKey = '';
      for (let attempt = 0; attempt < 500 && refused === undefined; attempt += 1) {
        const before = await t.eventCount();
        const key = `full-${attempt}`;
        const response = await t.post('client', '/v1/payments', body, key);
        if (response.status === 201) {
          acknowledged.push((response.body as PaymentBody).paymentId);
        } else {
          refused = response;
          refusedKey = key;
          // Not one event of the refused request: its append rolled back whole.
          expect(await t.eventCount()).toBe(before);
        }
      }
      expect(acknowledged.length).toBeGreaterThan(0);
      expectProblem(refused!, 503, 'STORAGE_UNAVAILABLE');
      expect(refused!.headers['retry-after']).toBe('30');

      // Still full: the retry is decided again (nothing was kept of the first try) and refused.
      const before = await t.eventCount();
      expectProblem(
        await t.post('client', '/v1/payments', body, refusedKey),
        503,
        'STORAGE_UNAVAILABLE',
      );
      expect(await t.eventCount()).toBe(before);
      expect(await paymentsRequested(t.store)).toBe(acknowledged.length);
      // Reads and the read models go on: the list holds exactly what was acknowledged.
      expect((await memberList(t, memberId)).sort()).toEqual([...acknowledged].sort());
      await t.http().get('/health').expect(200);
      await t.close();

      // Space is back: the same request with the same key succeeds, once.
      t = await startTestApp({ dataDir });
      const retried = await t.post('client', '/v1/payments', body, refusedKey).expect(201);
      const paymentId = (retried.body as PaymentBody).paymentId;
      expect(acknowledged).not.toContain(paymentId);
      const replayed = await t.post('client', '/v1/payments', body, refusedKey).expect(201);
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect((replayed.body as PaymentBody).paymentId).toBe(paymentId);
      expect(await paymentsRequested(t.store)).toBe(acknowledged.length + 1);
      expect((await memberList(t, memberId)).sort()).toEqual([...acknowledged, paymentId].sort());
    });
  });

  describe('a store that can no longer be written (read-only)', () => {
    let dataDir: string;
    let readOnly: NestFastifyApplication | undefined;
    let t: TestApp | undefined;
    const gateway = new RecordingGateway();

    beforeAll(() => {
      dataDir = scratch('read-only');
    });
    afterAll(async () => {
      await readOnly?.close();
      await t?.close();
    });

    /** The real app on the data folder, its event store opened read-only. */
    async function startReadOnly(): Promise<NestFastifyApplication> {
      const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dataDir });
      const eventStore = openSqliteEventStore({
        path: path.join(dataDir, 'events.sqlite'),
        readOnly: true,
      });
      const app = await createApp(config, {
        logger: ['error'],
        infrastructure: {
          clock: new ManualClock('2026-12-01T10:30:00+09:00'),
          eventStore,
          gateway,
        },
      });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      return app;
    }

    it('given a completed payment, when its cancellation cannot be recorded, then it is 503, the PG is never asked, and the same cancel succeeds once the store is writable', async () => {
      t = await startTestApp({ dataDir, gateway });
      const payment = await completedCardPayment(t);
      await t.close();
      t = undefined;

      readOnly = await startReadOnly();
      const as = (role: keyof typeof DEV_KEYS) => `Bearer ${DEV_KEYS[role]}`;
      const cancel = await request(readOnly.getHttpServer())
        .post(`/v1/payments/${payment.paymentId}/cancel`)
        .set('Authorization', as('client'))
        .set('Idempotency-Key', 'cancel-read-only');
      expectProblem(cancel, 503, 'STORAGE_UNAVAILABLE');
      expect(cancel.headers['retry-after']).toBe('30');
      // Intent before effect: the intent could not be recorded, so the PG was never called.
      expect(gateway.callsFor(payment.paymentId)).toBe(0);
      const created = await request(readOnly.getHttpServer())
        .post('/v1/payments')
        .set('Authorization', as('client'))
        .set('Idempotency-Key', 'new-read-only')
        .send(cardPaymentBody(1, newMemberId()));
      expectProblem(created, 503, 'STORAGE_UNAVAILABLE');
      // Reads are served.
      const read = await request(readOnly.getHttpServer())
        .get(`/v1/payments/${payment.paymentId}`)
        .set('Authorization', as('client'))
        .expect(200);
      expect(read.body).toMatchObject({ status: 'COMPLETED', cancellable: true });
      await readOnly.close();
      readOnly = undefined;

      t = await startTestApp({ dataDir, gateway });
      const cancelled = await t
        .post('client', `/v1/payments/${payment.paymentId}/cancel`, undefined, 'cancel-read-only')
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'CANCELLED' });
      expect(gateway.callsFor(payment.paymentId)).toBe(1);
      expect(await t.paymentEvents(payment.paymentId)).toEqual([
        'PaymentRequested',
        'PaymentCompleted',
        'PaymentCancellationStarted',
        'PaymentCancelled',
      ]);
    });
  });

  describe('a data folder that cannot be written', () => {
    it('given LEDGER_DATA_DIR below a regular file, then the process exits 1 with one line naming the folder, no stack trace', async () => {
      const file = path.join(scratch('not-a-folder'), 'a-file');
      fs.writeFileSync(file, 'not a folder');
      const dataDir = path.join(file, 'data');
      const failure = await startLedgerProcess({ LEDGER_DATA_DIR: dataDir }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toContain('The process exited (1)');
      expect(failure?.message).toContain(
        `Cannot start: DataFolderError: Cannot write the data folder ${dataDir} (LEDGER_DATA_DIR): ` +
          'a part of its path is a file, not a folder (ENOTDIR)',
      );
      expect(failure?.message).not.toMatch(/^\s+at /m);
    });
  });
});
