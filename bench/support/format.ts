/** How figures are written in the table. */

export function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function ratio(ours: number, baseline: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return 'n/a';
  const value = ours / baseline;
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

export function latencies(p50Ms: number, p99Ms: number): string {
  return `${ms(p50Ms)} / ${ms(p99Ms)} ms`;
}

export function seconds(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(2)} s`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
