import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';
import type { LoggingSettings } from '@lib/common';

/**
 * Paths pino censors, whatever a caller passes (R25). Nothing in the ledger logs a body, a query
 * or a header (the request line carries ids, the role, the route pattern, the status and the
 * time): this list is the second line of defence should someone ever log a request or a payer.
 * The `Idempotency-Key` is not secret and stays.
 */
export const REDACTED_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  'cookie',
  'headers.cookie',
  'req.headers.cookie',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'phone',
  '*.phone',
  'phoneNumber',
  '*.phoneNumber',
  'phoneKey',
  '*.phoneKey',
  'apiKey',
  '*.apiKey',
  'apiKeys',
  '*.apiKeys',
  'key',
  'secret',
  '*.secret',
  'body',
  '*.body',
  'query',
  '*.query',
];

export const REDACTED = '[REDACTED]';

/**
 * The process's one logger: JSON lines on stdout (one object a line, `time` in epoch ms), or
 * pino-pretty's coloured lines in development when stdout is a terminal. `destination` is for
 * tests, which read what was written.
 */
export function createLedgerLogger(
  settings: LoggingSettings,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: settings.level,
    base: { pid: process.pid },
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
  };
  if (destination !== undefined) return pino(options, destination);
  if (settings.prettyOnTerminal && process.stdout.isTTY === true) {
    // In-process (sync): a worker thread's transport could lose the last lines of a crash.
    return pino(options, PinoPretty({ colorize: true, sync: true, ignore: 'pid,hostname' }));
  }
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** Nest's start-up chatter (every module loaded, every route mapped): debug, not info. */
const FRAMEWORK_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * Nest's LoggerService over pino, so every `new Logger(context)` of the ledger writes a line of
 * the same log: `{ level, time, context, msg }`, and `stack` for an error that has one.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes `(message, ...extra, context)`; an error's extra is its stack. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const last = rest.at(-1);
    const context = typeof last === 'string' && !isStack(last) ? (rest.pop() as string) : undefined;
    const stack = rest.find(
      (param): param is string => typeof param === 'string' && isStack(param),
    );
    // A plain object is a structured line: its fields beside the context, its `msg` the text.
    const structured = isFields(message) ? message : undefined;
    const fields: Record<string, unknown> = { ...structured };
    delete fields.msg;
    if (context !== undefined) fields.context = context;
    if (message instanceof Error) {
      fields.stack = message.stack;
    } else if (stack !== undefined) {
      fields.stack = stack;
    }
    const quiet = level === 'info' && context !== undefined && FRAMEWORK_CONTEXTS.has(context);
    const text = structured === undefined ? textOf(message) : textOf(structured.msg ?? '');
    this.logger[quiet ? 'debug' : level](fields, text);
  }
}

function isFields(message: unknown): message is Record<string, unknown> {
  return (
    typeof message === 'object' &&
    message !== null &&
    !(message instanceof Error) &&
    Object.getPrototypeOf(message) === Object.prototype
  );
}

function isStack(text: string): boolean {
  return /\n\s+at /.test(text);
}

function textOf(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return `${message.name}: ${message.message}`;
  return JSON.stringify(message) ?? String(message);
}
