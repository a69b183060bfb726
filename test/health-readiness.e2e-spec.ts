/**
 * Issue 14, health with @nestjs/terminus: `/health/live` answers whenever the process does;
 * `/health/ready` (and `/health`, which stays readiness) answers 503, as a problem naming the
 * failed check, when the read models fall more than LEDGER_READY_MAX_PROJECTION_LAG events behind
 * the log (here: the projection runner stops on an event it cannot apply), when the data folder's
 * file system has less than LEDGER_READY_MIN_FREE_DISK_MB free, and while the process stops.
 */
import { ReadModels, ProjectionApplyError } from '@lib/projections';
import { RequestDrain } from '../apps/server/src/request-drain';
import {
  cardPaymentBody,
  expectProblem,
  newMemberId,
  requestPayment,
  startTestApp,
  type Problem,
  type TestApp,
} from './support/test-app';

const LIVE = '/health/live';
const READY = '/health/ready';

/** A not-ready problem says what each failed check found in `detail`. */
const detailed = (problem: Problem) => problem as Problem & { readonly detail?: string };

describe('GET /health/ready and /health/live (issue 14)', () => {
  describe('a process whose projections are caught up', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
      await requestPayment(t, cardPaymentBody(1, newMemberId()));
    });

    afterAll(() => t.close());

    it('is ready: Terminus’s result of the store, projections and disk checks', async () => {
      const response = await t.http().get(READY).expect(200);
      const details = {
        store: { status: 'up' },
        projections: {
          status: 'up',
          lagEvents: expect.any(Number) as number,
          lagSeconds: expect.any(Number) as number,
          maxLagEvents: 1_000,
        },
        disk: {
          status: 'up',
          freeBytes: expect.any(Number) as number,
          minFreeBytes: 100 * 1024 * 1024,
        },
      };
      expect(response.body).toEqual({ status: 'ok', info: details, error: {}, details });
      const live = await t.http().get(LIVE).expect(200);
      expect(live.body).toEqual({ status: 'ok' });
    });
  });

  describe('when the projection runner stops (a projection fails on an event of the log)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ env: { LEDGER_READY_MAX_PROJECTION_LAG: '2' } });
    });

    afterAll(() => t.close());

    it('stays ready within the bound, then answers 503 PROJECTIONS_BEHIND once the log moves on; live stays 200', async () => {
      await t.http().get(READY).expect(200);
      // An event no projection can apply (written around the command loop): the runner stops on it.
      await t.store.appendToStream('payment-unreadable', [
        { type: 'PaymentNeedsAttention', data: { paymentId: 'unreadable' } },
      ]);
      await expect(t.app.get(ReadModels).catchUpWithLog(5_000)).rejects.toBeInstanceOf(
        ProjectionApplyError,
      );
      // One event behind, the bound is 2: still ready.
      const within = await t.http().get(READY).expect(200);
      expect(within.body.details.projections).toMatchObject({ lagEvents: 1, maxLagEvents: 2 });

      // The ledger goes on appending; the read models no longer follow.
      await requestPayment(t, cardPaymentBody(1, newMemberId()));
      await requestPayment(t, cardPaymentBody(1, newMemberId()));
      for (const route of [READY, '/health']) {
        const problem = detailed(
          expectProblem(await t.http().get(route), 503, 'PROJECTIONS_BEHIND'),
        );
        expect(problem.detail).toMatch(
          /^Not ready: projections: the read models are more than 2 event\(s\) behind the log, the oldest unapplied one [\d.]+ s old \(LEDGER_READY_MAX_PROJECTION_LAG\)\.$/,
        );
      }
      expect((await t.http().get(LIVE).expect(200)).body).toEqual({ status: 'ok' });
      // The metrics say so too.
      const metrics = (await t.http().get('/metrics').expect(200)).text;
      expect(metrics).toMatch(/^ledger_projection_lag_events ([3-9]|\d{2,})$/m);
    });
  });

  describe('when the data folder has less room than the floor', () => {
    let t: TestApp;

    beforeAll(async () => {
      // A petabyte: no test machine has that much free.
      t = await startTestApp({ env: { LEDGER_READY_MIN_FREE_DISK_MB: '1000000000' } });
    });

    afterAll(() => t.close());

    it('answers 503 DISK_SPACE_LOW on /health/ready and /health; live stays 200', async () => {
      for (const route of [READY, '/health']) {
        const problem = detailed(expectProblem(await t.http().get(route), 503, 'DISK_SPACE_LOW'));
        expect(problem.detail).toMatch(
          /^Not ready: disk: the data folder's file system has [\d,]+ MB free, under the floor of 1,000,000,000 MB \(LEDGER_READY_MIN_FREE_DISK_MB\)\.$/,
        );
      }
      expect((await t.http().get(LIVE).expect(200)).body).toEqual({ status: 'ok' });
    });
  });

  describe('while the process stops (graceful shutdown, apps/server)', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp();
    });

    afterAll(() => t.close());

    it('answers 503 SHUTTING_DOWN on /health/ready once the drain has begun', async () => {
      await t.http().get(READY).expect(200);
      await t.app.get(RequestDrain).drain(t.app.getHttpServer());
      const response = await t.http().get(READY);
      expectProblem(response, 503, 'SHUTTING_DOWN');
      expect(response.headers.connection).toBe('close');
    });
  });
});
