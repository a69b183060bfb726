import type { RebuildProgress } from './rebuild-progress';

const WIDTH = 30;

/** One line of rebuild progress: `[#######-------]  45% 12,345/27,000 events  85,000 events/s`. */
export function progressLine(progress: RebuildProgress): string {
  const done = progress.position?.commit ?? 0n;
  const end = progress.end?.commit ?? 0n;
  const fraction = end > 0n ? Number((done * 1000n) / end) / 1000 : 1;
  const filled = Math.round(fraction * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const count = `${done.toLocaleString('en-US')}/${end.toLocaleString('en-US')}`;
  return `[${bar}] ${percent} ${count} events  ${progress.eventsPerSecond.toLocaleString('en-US')} events/s`;
}
