import * as os from 'node:os';
import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { LEDGER_CONFIG, loadConfig } from '@lib/common';
import { EVENT_STORE, type EventStore } from '@lib/event-store';
import { ReadModels, type ProjectionLag } from '@lib/projections';
import { ProblemException } from '../http';
import { Readiness } from './readiness.service';

interface Situation {
  readonly storeAnswers: boolean;
  readonly lag: ProjectionLag | Error;
  readonly minFreeDiskMb?: string;
}

/** Readiness with Terminus as the app has it, over a store and read models that act as told. */
async function readinessIn(situation: Situation): Promise<Readiness> {
  const store: Pick<EventStore, 'readStream'> = {
    readStream: () =>
      situation.storeAnswers ? Promise.resolve([]) : Promise.reject(new Error('SQLITE_CANTOPEN')),
  };
  const readModels: Pick<ReadModels, 'lag'> = {
    lag: () =>
      situation.lag instanceof Error
        ? Promise.reject(situation.lag)
        : Promise.resolve(situation.lag),
  };
  const config = loadConfig({
    NODE_ENV: 'test',
    LEDGER_DATA_DIR: os.tmpdir(),
    LEDGER_READY_MAX_PROJECTION_LAG: '10',
    ...(situation.minFreeDiskMb === undefined
      ? {}
      : { LEDGER_READY_MIN_FREE_DISK_MB: situation.minFreeDiskMb }),
  });
  const module = await Test.createTestingModule({
    imports: [TerminusModule.forRoot({ logger: false })],
    providers: [
      Readiness,
      { provide: EVENT_STORE, useValue: store },
      { provide: ReadModels, useValue: readModels },
      { provide: LEDGER_CONFIG, useValue: config },
    ],
  }).compile();
  return module.get(Readiness);
}

async function problemOf(readiness: Readiness): Promise<ProblemException> {
  const thrown: unknown = await readiness.check().then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(thrown instanceof ProblemException)) throw new Error(`Not a problem: ${String(thrown)}`);
  return thrown;
}

const CAUGHT_UP: ProjectionLag = { events: 0, atLeast: false, seconds: 0 };

describe('Readiness (issue 14): Terminus checks answered as problems', () => {
  it('is ready when the store answers, the lag is within the bound and the disk has room', async () => {
    const readiness = await readinessIn({
      storeAnswers: true,
      lag: { events: 10, atLeast: false, seconds: 0.5 },
    });
    const result = await readiness.check();
    expect(result.status).toBe('ok');
    expect(result.details.projections).toEqual({
      status: 'up',
      lagEvents: 10,
      lagSeconds: 0.5,
      maxLagEvents: 10,
    });
  });

  it('a store that does not answer is 503 STORE_UNAVAILABLE, its error kept out of the answer', async () => {
    const problem = await problemOf(await readinessIn({ storeAnswers: false, lag: CAUGHT_UP }));
    expect(problem.getStatus()).toBe(503);
    expect(problem.problem).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      detail: 'Not ready: store: the event store did not answer a read.',
    });
  });

  it('one event past the bound is 503 PROJECTIONS_BEHIND', async () => {
    const lag = { events: 11, atLeast: true, seconds: 42 };
    const problem = await problemOf(await readinessIn({ storeAnswers: true, lag }));
    expect(problem.problem.code).toBe('PROJECTIONS_BEHIND');
    expect(problem.problem.detail).toContain('more than 10 event(s) behind the log');
    expect(problem.problem.detail).toContain('42.0 s old');
  });

  it('with every check failing, names the store first and says what each check found', async () => {
    const problem = await problemOf(
      await readinessIn({
        storeAnswers: false,
        lag: new Error('closed'),
        minFreeDiskMb: '1000000000',
      }),
    );
    expect(problem.problem.code).toBe('STORE_UNAVAILABLE');
    expect(problem.problem.detail).toMatch(
      /^Not ready: store: .+; projections: the lag behind the log could not be read; disk: .+ under the floor of 1,000,000,000 MB/,
    );
  });

  it('answers 503 SHUTTING_DOWN once the application is shutting down (Terminus knows it)', async () => {
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        Readiness,
        { provide: EVENT_STORE, useValue: { readStream: () => Promise.resolve([]) } },
        { provide: ReadModels, useValue: { lag: () => Promise.resolve(CAUGHT_UP) } },
        {
          provide: LEDGER_CONFIG,
          useValue: loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: os.tmpdir() }),
        },
      ],
    }).compile();
    await module.init();
    const readiness = module.get(Readiness);
    await readiness.check();
    // Terminus marks itself in `beforeApplicationShutdown`, which `close()` runs.
    await module.close();
    expect((await problemOf(readiness)).problem.code).toBe('SHUTTING_DOWN');
  });
});
