import { SingleBar } from 'cli-progress';

/** A stream the CLI writes to; `isTTY` decides whether a progress bar is drawn. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Everything a command touches outside itself, so a test runs the CLI in-process. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The exit codes (DESIGN.md §7: 0 only when all is well). */
export const EXIT = { ok: 0, notWell: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI explains in one line and ends with, without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.notWell,
  ) {
    super(message);
  }
}

/** A bar over a range of log positions (dense on SQLite, byte offsets on EventStoreDB). */
export interface Progress {
  update(position: number, detail?: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal and the output is for people; nothing when it
 * is piped or redirected, or with `--json` (the bar would be noise in a machine's input).
 */
export function progressBar(io: CliIo, json: boolean, label: string, total: number): Progress {
  if (json || io.stderr.isTTY !== true || total <= 0) return NO_PROGRESS;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {detail}`,
    stream: io.stderr as NodeJS.WritableStream,
    hideCursor: true,
    etaBuffer: 50,
    fps: 10,
  });
  bar.start(total, 0, { detail: '' });
  return {
    update: (position, detail = '') => bar.update(Math.min(position, total), { detail }),
    stop: () => bar.stop(),
  };
}

/** Writes the machine answer as one JSON document. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(
    `${JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner), 2)}\n`,
  );
}

/** 1234567 → "1,234,567". */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
