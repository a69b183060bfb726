/**
 * Reads the Prometheus text format as far as the operations tests need: which metric names a
 * scrape exports and the samples of one of them.
 */

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([A-Za-z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line.trim());
    if (match === null) throw new Error(`Not a Prometheus sample: ${line}`);
    const [, name = '', labelText = '', value = ''] = match;
    const labels: Record<string, string> = {};
    for (const [, label = '', labelValue = ''] of labelText.matchAll(LABEL)) {
      labels[label] = labelValue;
    }
    samples.push({ name, labels, value: Number(value) });
  }
  return samples;
}

/** The `# TYPE` of every family: `{ http_request_duration_seconds: 'histogram', … }`. */
export function familiesOf(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const [, name = '', type = ''] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    families.set(name, type);
  }
  return families;
}

/**
 * Every name a query may use: each family's name and the names of its samples (a histogram's
 * `_bucket`, `_sum` and `_count` even before it has observed anything).
 */
export function exportedNames(text: string): Set<string> {
  const names = new Set(samplesOf(text).map((sample) => sample.name));
  for (const [family, type] of familiesOf(text)) {
    names.add(family);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(family + s));
    if (type === 'summary') ['_sum', '_count'].forEach((s) => names.add(family + s));
  }
  return names;
}

/** The value of the one sample of `name` whose labels include `labels`. */
export function valueOf(
  text: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const matching = samplesOf(text).filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match`);
  return matching[0]?.value;
}
