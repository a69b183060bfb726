/**
 * The short form of the HTTP fuzzer (issue 13), part of `npm test`: a few thousand requests of a
 * fixed seed against a real process of the service, started from the TypeScript sources so that
 * no build is needed and none is left stale. `npm run fuzz -- --requests 100000` is the long form.
 */
import { fuzz } from './fuzzer';

const REQUESTS = 4_000;
const SEED = 13;

describe('HTTP fuzzing, short run (issue 13, DESIGN.md §6)', () => {
  it('answers every request as the contract says, stays up and keeps its memory bounded', async () => {
    const report = await fuzz({
      requests: REQUESTS,
      seed: SEED,
      concurrency: 8,
      runtime: 'ts-node',
      build: false,
      maxRssBytes: 1024 * 1024 * 1024,
      answerTimeoutMs: 20_000,
    });
    const summary: string[] = [];
    report.print((line) => summary.push(line));
    if (report.failed) throw new Error(summary.join('\n'));
    expect(report.requests).toBe(REQUESTS);
    // The valid requests among the hostile ones took payments deep enough to matter.
    for (const state of ['COMPLETED', 'COMPLETED+VIEWED', 'CANCELLED', 'FAILED']) {
      expect({ state, reached: (report.reached.get(state) ?? 0) > 0 }).toEqual({
        state,
        reached: true,
      });
    }
  }, 300_000);
});
