/**
 * The flags of `npm run bench` (`npm run bench -- --help`). Sizes accept `k` and `M` suffixes
 * (`--rebuild-events 1M`) and underscores (`1_000_000`).
 */

export const SECTIONS = [
  'store',
  'http',
  'sequential',
  'rebuild',
  'close',
  'list',
  'soak',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchFlags {
  readonly only: readonly Section[];
  readonly build: boolean;
  readonly keep: boolean;
  readonly cpuProf: string | undefined;
  readonly rounds: number;
  readonly storeSeconds: number;
  readonly storeCallers: number;
  readonly httpSeconds: number;
  readonly connections: number;
  readonly sequentialSeconds: number;
  readonly rebuildEvents: number;
  readonly closePayments: number;
  readonly closeLogFactor: number;
  readonly listPayments: number;
  readonly listMembers: number;
  readonly listRate: number;
  readonly listSeconds: number;
  readonly soakRounds: number;
  readonly soakSeconds: number;
}

interface FlagSpec {
  readonly name: string;
  readonly key: keyof BenchFlags;
  readonly kind: 'number' | 'boolean' | 'string' | 'sections';
  readonly help: string;
}

export const DEFAULT_FLAGS: BenchFlags = {
  only: SECTIONS,
  build: true,
  keep: false,
  cpuProf: undefined,
  rounds: 3,
  storeSeconds: 6,
  storeCallers: 64,
  httpSeconds: 12,
  connections: 32,
  sequentialSeconds: 12,
  rebuildEvents: 200_000,
  closePayments: 20_000,
  closeLogFactor: 2,
  listPayments: 20_000,
  listMembers: 1_000,
  listRate: 500,
  listSeconds: 12,
  soakRounds: 6,
  soakSeconds: 5,
};

const SPECS: readonly FlagSpec[] = [
  {
    name: 'only',
    key: 'only',
    kind: 'sections',
    help: `comma-separated sections to run: ${SECTIONS.join(', ')} (http also gives the bytes/event and RSS rows)`,
  },
  {
    name: 'no-build',
    key: 'build',
    kind: 'boolean',
    help: 'skip `npm run build` (use dist/ as it is)',
  },
  {
    name: 'keep',
    key: 'keep',
    kind: 'boolean',
    help: 'keep the temp folders (stores, read models, logs)',
  },
  {
    name: 'cpu-prof',
    key: 'cpuProf',
    kind: 'string',
    help: 'folder: run the POST server with `node --cpu-prof --cpu-prof-dir=<folder>`',
  },
  {
    name: 'rounds',
    key: 'rounds',
    kind: 'number',
    help: 'alternating rounds of ours and the baseline; each *-seconds is split over them',
  },
  {
    name: 'store-seconds',
    key: 'storeSeconds',
    kind: 'number',
    help: 'seconds of appends on each side (store row)',
  },
  {
    name: 'store-callers',
    key: 'storeCallers',
    kind: 'number',
    help: 'concurrent appenders (and INSERTs per raw transaction)',
  },
  {
    name: 'http-seconds',
    key: 'httpSeconds',
    kind: 'number',
    help: 'seconds of POSTs, and of the baseline route (after a 5 s warm-up)',
  },
  {
    name: 'connections',
    key: 'connections',
    kind: 'number',
    help: 'autocannon connections of the POST and member-list rows',
  },
  {
    name: 'sequential-seconds',
    key: 'sequentialSeconds',
    kind: 'number',
    help: 'seconds of request + complete on 1 connection, and of the raw baseline',
  },
  {
    name: 'rebuild-events',
    key: 'rebuildEvents',
    kind: 'number',
    help: "events in the log the projections rebuild from (1M for the issue's figure)",
  },
  {
    name: 'close-payments',
    key: 'closePayments',
    kind: 'number',
    help: 'payments requested on the day the settlement row closes',
  },
  {
    name: 'close-log-factor',
    key: 'closeLogFactor',
    kind: 'number',
    help: "log size as a multiple of the closed day's events (earlier days fill the rest)",
  },
  {
    name: 'list-payments',
    key: 'listPayments',
    kind: 'number',
    help: 'payments in the store of the member-list server',
  },
  {
    name: 'list-members',
    key: 'listMembers',
    kind: 'number',
    help: 'members those payments belong to',
  },
  {
    name: 'list-rate',
    key: 'listRate',
    kind: 'number',
    help: 'offered rate of member-list requests, per second',
  },
  {
    name: 'list-seconds',
    key: 'listSeconds',
    kind: 'number',
    help: 'seconds of member-list requests, and of the baseline route at the same rate',
  },
  {
    name: 'soak-rounds',
    key: 'soakRounds',
    kind: 'number',
    help: 'rounds of POSTs through one server while its RSS is read after each (soak row)',
  },
  {
    name: 'soak-seconds',
    key: 'soakSeconds',
    kind: 'number',
    help: 'seconds of each soak round',
  },
];

export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export function helpText(): string {
  const width = Math.max(...SPECS.map((spec) => flagLabel(spec).length));
  const lines = SPECS.map((spec) => {
    const fallback = DEFAULT_FLAGS[spec.key];
    const shown = spec.kind === 'boolean' ? '' : ` (default ${describe(fallback)})`;
    return `  ${flagLabel(spec).padEnd(width)}  ${spec.help}${shown}`;
  });
  return [
    'npm run bench [-- flags]: the performance table of issue 12, each figure beside a baseline',
    'measured in the same run. Progress goes to stderr, the table to stdout.',
    '',
    ...lines,
    `  ${'--help'.padEnd(width)}  this text`,
  ].join('\n');
}

export function parseFlags(argv: readonly string[]): BenchFlags | 'help' {
  const flags: Record<string, unknown> = { ...DEFAULT_FLAGS };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') return 'help';
    const [name, inline] = argument.replace(/^--/, '').split(/=(.*)/s, 2);
    const spec = SPECS.find((candidate) => candidate.name === name);
    if (!argument.startsWith('--') || spec === undefined) {
      throw new FlagError(`Unknown argument "${argument}" (see --help)`);
    }
    if (spec.kind === 'boolean') {
      flags[spec.key] = spec.name.startsWith('no-') ? false : true;
      continue;
    }
    const value = inline ?? argv[(index += 1)];
    if (value === undefined) throw new FlagError(`--${spec.name} needs a value`);
    flags[spec.key] = parseValue(spec, value);
  }
  return flags as unknown as BenchFlags;
}

function parseValue(spec: FlagSpec, value: string): unknown {
  if (spec.kind === 'string') return value;
  if (spec.kind === 'sections') {
    const names = value.split(',').map((name) => name.trim());
    const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new FlagError(`--only: unknown section ${unknown.join(', ')} (${SECTIONS.join(', ')})`);
    }
    return names;
  }
  const match = /^(\d[\d_]*(?:\.\d+)?)([kKmM]?)$/.exec(value.trim());
  const scale = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match?.[2] ?? ''] ?? 1;
  const parsed = match === null ? Number.NaN : Number(match[1]?.replace(/_/g, '')) * scale;
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new FlagError(`--${spec.name} must be a positive number, not "${value}"`);
  }
  return parsed;
}

function flagLabel(spec: FlagSpec): string {
  if (spec.kind === 'boolean') return `--${spec.name}`;
  return `--${spec.name} ${spec.kind === 'sections' ? '<list>' : spec.kind === 'string' ? '<dir>' : '<n>'}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'off';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
