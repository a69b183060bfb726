import { Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { ManualClock, type Clock } from '@lib/common';
import { LIMITS } from '@lib/limits';
import type { DueSettlements } from '@lib/settlement';
import { SettlementScheduler } from './settlement.scheduler';

const SETTLEMENT_SCHEDULE_INTERVAL_MS = LIMITS.settlement.scheduleIntervalMs;

/** A clock that moves by itself, as in production (not a ManualClock). */
const movingClock: Clock = { now: () => DateTime.fromISO('2026-12-02T00:00:05+09:00') };

function fakeDue(closeDue: () => Promise<string[]> = () => Promise.resolve([])) {
  const calls = { repairFiles: 0, closeDue: 0 };
  const due = {
    repairFiles: () => {
      calls.repairFiles += 1;
      return Promise.resolve();
    },
    closeDue: () => {
      calls.closeDue += 1;
      return closeDue();
    },
  } as unknown as DueSettlements;
  return { due, calls };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('R18 the settlement schedule', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('repairs the files and closes what is due at start-up, then every 30 s, until shutdown', async () => {
    const { due, calls } = fakeDue();
    const scheduler = new SettlementScheduler(movingClock, due);
    scheduler.onApplicationBootstrap();
    await flush();
    expect(calls).toEqual({ repairFiles: 1, closeDue: 1 });

    jest.advanceTimersByTime(SETTLEMENT_SCHEDULE_INTERVAL_MS);
    await flush();
    expect(calls).toEqual({ repairFiles: 1, closeDue: 2 });

    await scheduler.beforeApplicationShutdown();
    jest.advanceTimersByTime(SETTLEMENT_SCHEDULE_INTERVAL_MS * 3);
    await flush();
    expect(calls.closeDue).toBe(2);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('with a ManualClock only repairs the files at start-up: whoever moves that clock closes', async () => {
    const { due, calls } = fakeDue();
    const scheduler = new SettlementScheduler(new ManualClock('2026-12-02T00:00:05+09:00'), due);
    scheduler.onApplicationBootstrap();
    jest.advanceTimersByTime(SETTLEMENT_SCHEDULE_INTERVAL_MS * 3);
    await flush();
    expect(calls).toEqual({ repairFiles: 1, closeDue: 0 });
    expect(jest.getTimerCount()).toBe(0);
    await scheduler.beforeApplicationShutdown();
  });

  it('logs a failed run and tries again at the next tick; never two runs at once', async () => {
    let finish: (days: string[]) => void = () => undefined;
    const { due, calls } = fakeDue(
      () =>
        new Promise<string[]>((resolve, reject) => {
          if (calls.closeDue === 1) reject(new Error('store unavailable'));
          else finish = resolve;
        }),
    );
    const scheduler = new SettlementScheduler(movingClock, due);
    scheduler.onApplicationBootstrap();
    await flush();
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(SETTLEMENT_SCHEDULE_INTERVAL_MS); // second run starts and hangs
    await flush();
    jest.advanceTimersByTime(SETTLEMENT_SCHEDULE_INTERVAL_MS); // skipped: the second still runs
    await flush();
    expect(calls.closeDue).toBe(2);

    const shutdown = scheduler.beforeApplicationShutdown();
    let stopped = false;
    void shutdown.then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false); // shutdown waits for the run in progress
    finish(['2026-12-01']);
    await shutdown;
    expect(stopped).toBe(true);
  });
});
