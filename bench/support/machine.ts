import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/**
 * The line under the table that says where the figures come from. The load average at the start
 * tells a run on a busy machine (other jobs on its two cores) from a quiet one.
 */
export function machineLine(startedAt: Date, loadAtStart = loadavg()[0] ?? 0): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (totalmem() / 1024 ** 3).toFixed(0);
  return (
    `Machine: ${model}, ${processors.length} cores, ${memoryGiB} GiB; ${platform()} ${release()}; ` +
    `Node ${process.version}; ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}; ` +
    `load average at start ${loadAtStart.toFixed(1)}`
  );
}
