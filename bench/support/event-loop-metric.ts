import { ms } from './format';
import { median } from './stats';

/**
 * The server's event-loop delay p99, when its /metrics exports one. The benchmark cannot measure
 * it from outside the process, so without such a metric the table says n/a.
 */
export async function eventLoopP99Ms(baseUrl: string): Promise<number | null> {
  try {
    const response = await fetch(`${baseUrl}/metrics`);
    const text = await response.text();
    return response.ok ? p99FromMetrics(text) : null;
  } catch {
    return null;
  }
}

/**
 * Runs `work` between two scrapes of /metrics: a metric that counts since the previous scrape
 * then covers `work` alone (one that counts since start-up covers everything before it too).
 */
export async function duringWork<T>(
  baseUrl: string,
  work: () => Promise<T>,
): Promise<{ readonly result: T; readonly loopP99Ms: number | null }> {
  await eventLoopP99Ms(baseUrl);
  const result = await work();
  return { result, loopP99Ms: await eventLoopP99Ms(baseUrl) };
}

/** The median of the rounds' p99s, or n/a when the server exports no such metric. */
export function describeLoopP99(rounds: readonly (number | null)[]): string {
  const values = rounds.filter((value): value is number => value !== null);
  return values.length === 0 ? 'n/a' : `${ms(median(values))} ms`;
}

/**
 * Finds an event-loop delay p99 in Prometheus text: a sample whose name mentions the event loop
 * and either carries `quantile="0.99"` or names p99. Seconds are turned into milliseconds.
 */
export function p99FromMetrics(text: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(\{[^}]*\})?\s+([-+\d.eE]+|NaN)\s*$/.exec(line.trim());
    if (match === null) continue;
    const [, name = '', labels = '', raw = ''] = match;
    if (!/event_?loop/i.test(name)) continue;
    const isP99 = /quantile="0\.99"/.test(labels) || /p99/i.test(name);
    const value = Number(raw);
    if (!isP99 || !Number.isFinite(value)) continue;
    if (/_seconds/.test(name)) return value * 1_000;
    if (/_(nanoseconds|ns)\b/.test(name)) return value / 1e6;
    return value;
  }
  return null;
}
