import type { Step } from './schedule';

/**
 * Delta debugging over a failing schedule: tries removing chunks, halving the chunk size down to
 * single steps, and keeps every removal after which the run still fails. The result reproduces the
 * failure with (often far) fewer steps. `fails` must be deterministic for a given schedule.
 */
export async function shrink(
  schedule: readonly Step[],
  fails: (candidate: readonly Step[]) => Promise<boolean>,
  maxRuns = 400,
): Promise<Step[]> {
  let current = [...schedule];
  let runs = 0;
  for (let chunk = Math.ceil(current.length / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    let start = 0;
    while (start < current.length && runs < maxRuns) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      runs += 1;
      if (candidate.length > 0 && (await fails(candidate))) current = candidate;
      else start += chunk;
    }
  }
  return current;
}
