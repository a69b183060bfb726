/**
 * One binary, three roles (DESIGN.md §5): an api process and a worker process, each its own Node
 * process, on one event store (a SQLite file shared through the file system, and once the
 * wire-level EventStoreDB test server). The api serves the contract and runs no scheduled work;
 * the worker serves only health and metrics and runs the schedules; both follow the test clock's
 * stream, so a move made anywhere moves both.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DateTime } from 'luxon';
import {
  START,
  openEsdbEventStore,
  openSqliteEventStore,
  type EventStore,
  type RecordedEvent,
} from '@lib/event-store';
import {
  BUSINESS_ZONE,
  TEST_CLOCK_STREAM,
  isoInstant,
  nextBusinessDate,
  businessDate,
} from '@lib/ledger';
import { startEsdbTestServer, type EsdbTestServer } from './esdb/esdb-test-server';
import { startLedgerProcess, type LedgerProcess } from './support/ledger-process';
import { approval, cardPaymentBody, transferPaymentBody } from './support/test-app';

/** Resolves with the first `count` events of the log that match, waiting for them to be written. */
async function eventsMatching(
  store: EventStore,
  count: number,
  matches: (event: RecordedEvent) => boolean,
): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ fromPosition: START });
  try {
    for await (const event of subscription) {
      if (matches(event)) found.push(event);
      if (found.length === count) return found;
    }
  } finally {
    await subscription.unsubscribe();
  }
  throw new Error(`The log ended with ${found.length} of ${count} events`);
}

const paymentFailed = (paymentId: string) => (event: RecordedEvent) =>
  event.streamId === `payment-${paymentId}` && event.type === 'PaymentFailed';
const dayClosed = (date: string) => (event: RecordedEvent) =>
  event.streamId === `settlement-${date}` && event.type === 'SettlementClosed';

/** `HH:mm` KST on `date`, as the test clock takes it. */
const at = (date: string, time: string): string =>
  isoInstant(DateTime.fromISO(`${date}T${time}`, { zone: BUSINESS_ZONE }));

describe.each(['sqlite', 'esdb'] as const)(
  'LEDGER_ROLE=api beside LEDGER_ROLE=worker (%s)',
  (kind) => {
    let dataDir: string;
    let esdb: EsdbTestServer | undefined;
    let store: EventStore;
    let api: LedgerProcess;
    let worker: LedgerProcess;
    /** The KST day after the one the clock starts in: every move lands after the real now. */
    let day: string;
    let keys = 0;
    const key = () => `roles-${kind}-${(keys += 1)}`;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-roles-'));
      const env: NodeJS.ProcessEnv = { LEDGER_DATA_DIR: dataDir, LEDGER_TEST_CLOCK: 'true' };
      if (kind === 'esdb') {
        esdb = await startEsdbTestServer();
        Object.assign(env, { LEDGER_STORE: 'esdb', LEDGER_ESDB_URL: esdb.url });
        store = await openEsdbEventStore(esdb.url);
      } else {
        store = openSqliteEventStore({ path: path.join(dataDir, 'events.sqlite') });
      }
      [api, worker] = await Promise.all([
        startLedgerProcess({ ...env, LEDGER_ROLE: 'api' }),
        startLedgerProcess({ ...env, LEDGER_ROLE: 'worker' }),
      ]);
      const clock = await api.get('admin', '/v1/test-clock');
      day = nextBusinessDate(businessDate((clock.body as { now: string }).now));
    });

    afterAll(async () => {
      await Promise.all([api?.stop(), worker?.stop()]);
      await store?.close();
      await esdb?.stop();
    });

    it('each process does only its part, and says which it is', async () => {
      expect((await api.get(null, '/health')).body).toMatchObject({ status: 'ok', role: 'api' });
      expect((await worker.get(null, '/health')).body).toMatchObject({
        status: 'ok',
        role: 'worker',
      });
      const metrics = await worker.get(null, '/metrics');
      expect(metrics.text).toContain(`ledger_process_info{role="worker",store="${kind}"} 1`);
      // Nothing to describe: no OpenAPI document on a worker.
      expect((await worker.get(null, '/docs/openapi.json')).status).toBe(404);
      expect((await api.get('client', '/v1/members/m-roles/payments')).status).toBe(200);
      // The worker serves none of the contract's routes.
      expect((await worker.get('client', '/v1/members/m-roles/payments')).status).toBe(404);
      expect((await worker.get('admin', '/v1/test-clock')).status).toBe(404);
      expect((await worker.post('client', '/v1/payments', cardPaymentBody(), key())).status).toBe(
        404,
      );
    });

    it('a move through the api runs the due work once, however the two processes race for it', async () => {
      expect(
        (await api.put('admin', '/v1/test-clock', { now: at(day, '23:50') }, key())).status,
      ).toBe(200);
      const transfer = await api.post(
        'client',
        '/v1/payments',
        transferPaymentBody(1, 'm-roles-1'),
        key(),
      );
      expect(transfer.status).toBe(201);
      const card = await api.post('client', '/v1/payments', cardPaymentBody(2, 'm-roles-2'), key());
      const paid = await api.post(
        'gateway',
        `/v1/payments/${card.body.paymentId}/complete`,
        approval(2000, { approvedAt: at(day, '23:51') }),
        key(),
      );
      expect(paid.status).toBe(200);

      const next = nextBusinessDate(day);
      const moved = await api.put('admin', '/v1/test-clock', { now: at(next, '00:05') }, key());
      expect(moved.status).toBe(200);

      const transferId = transfer.body.paymentId as string;
      await eventsMatching(store, 1, paymentFailed(transferId));
      await eventsMatching(store, 1, dayClosed(day));
      const events = await store.readAll();
      expect(events.filter(paymentFailed(transferId))).toHaveLength(1);
      expect(events.filter(dayClosed(day))).toHaveLength(1);
      const report = await api.get('auditor', `/v1/settlements/${day}`);
      expect(report.body).toMatchObject({ completed: { count: 1, amount: 2000 }, netAmount: 2000 });
    });

    it('the worker expires a transfer and closes the day the api recorded, on a move it only saw in the stream', async () => {
      const next = nextBusinessDate(day);
      const transfer = await api.post(
        'client',
        '/v1/payments',
        transferPaymentBody(1, 'm-roles-3'),
        key(),
      );
      expect(transfer.status).toBe(201);
      const card = await api.post('client', '/v1/payments', cardPaymentBody(3, 'm-roles-4'), key());
      expect(
        (
          await api.post(
            'gateway',
            `/v1/payments/${card.body.paymentId}/complete`,
            approval(3000, { approvedAt: at(next, '00:06') }),
            key(),
          )
        ).status,
      ).toBe(200);

      // A move recorded by a process that died before running its due work: only the stream has it.
      const [last] = await store.readStream(TEST_CLOCK_STREAM, {
        direction: 'backwards',
        maxCount: 1,
      });
      const after = nextBusinessDate(next);
      await store.appendToStream(
        TEST_CLOCK_STREAM,
        [
          {
            type: 'TestClockMoved',
            data: { now: at(after, '00:10'), from: at(next, '00:05') },
            metadata: { actor: { role: 'admin', id: 'roles-test' }, schemaVersion: 1 },
          },
        ],
        { expectedRevision: last!.revision },
      );

      const transferId = transfer.body.paymentId as string;
      const [failed] = await eventsMatching(store, 1, paymentFailed(transferId));
      const [closed] = await eventsMatching(store, 1, dayClosed(next));
      // The worker did both: the api process runs no scheduled work and ran no request here.
      expect(failed!.metadata.actor).toEqual({ role: 'system', id: 'test-clock-worker' });
      expect(closed!.metadata.actor).toEqual({ role: 'system', id: 'test-clock-worker' });
      expect((await api.get('client', `/v1/payments/${transferId}`)).body).toMatchObject({
        status: 'FAILED',
        failure: { reason: 'EXPIRED' },
      });
      const report = await api.get('auditor', `/v1/settlements/${next}`);
      expect(report.body).toMatchObject({ completed: { count: 1, amount: 3000 } });
    });
  },
);
