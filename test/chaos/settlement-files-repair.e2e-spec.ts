/**
 * Found by the chaos loop (issue 13, seed 100): a SIGKILL between a day's SettlementClosed and its
 * report files left `settlements/<date>.*` missing for good when the test clock was on, because
 * the start-up repair ran only in the settlement schedule, which a ManualClock switches off. The
 * repair now runs at start-up with either clock.
 */
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { putTestClock } from '../support/settlement-fixtures';
import { completedCardPayment, startTestApp } from '../support/test-app';

const TEST_CLOCK_ON = { LEDGER_TEST_CLOCK: 'true' };
/** How long the restarted service may take for its start-up repair (real time). */
const REPAIR_WAIT_MS = 10_000;

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('R18 report files after a crash between a close and its files (test clock on)', () => {
  it('given a closed day whose files are gone, when the service starts again, then it writes them back', async () => {
    const first = await startTestApp({ now: '2026-12-01T10:00:00+09:00', env: TEST_CLOCK_ON });
    await completedCardPayment(first);
    expect((await putTestClock(first, '2026-12-02T00:10:00+09:00')).status).toBe(200);
    const files = ['json', 'csv', 'digest'].map((extension) =>
      path.join(first.dataDir, 'settlements', `2026-12-01.${extension}`),
    );
    expect(files.filter((file) => !existsSync(file))).toEqual([]);
    await first.close();
    for (const file of files) rmSync(file); // as if the process died right after SettlementClosed

    const second = await startTestApp({
      now: '2026-12-02T00:10:00+09:00',
      env: TEST_CLOCK_ON,
      dataDir: first.dataDir,
    });
    try {
      await eventually(() => files.every((file) => existsSync(file)), REPAIR_WAIT_MS);
      expect(files.filter((file) => !existsSync(file))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
