/**
 * Runs two measurements in alternating rounds, so that a burst of other load on a shared machine
 * (other jobs on its two cores and its disk) skews both sides alike rather than one.
 */
export async function alternate<A, B>(
  rounds: number,
  ours: (round: number) => Promise<A> | A,
  baseline: (round: number) => Promise<B> | B,
): Promise<{ ours: A[]; baseline: B[] }> {
  const result = { ours: [] as A[], baseline: [] as B[] };
  for (let round = 0; round < rounds; round += 1) {
    result.baseline.push(await baseline(round));
    result.ours.push(await ours(round));
  }
  return result;
}
