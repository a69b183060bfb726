import { Writable } from 'node:stream';
import { ConsoleLogger, Logger } from '@nestjs/common';
import type { LoggingSettings } from '@lib/common';
import { PinoNestLogger, REDACTED, createLedgerLogger } from './logger';

const JSON_AT_INFO: LoggingSettings = { level: 'info', prettyOnTerminal: false };

/** A logger writing into an array of parsed lines. */
function capture(settings: LoggingSettings = JSON_AT_INFO) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, logger: createLedgerLogger(settings, destination) };
}

describe('logs: pino, JSON lines, secrets censored', () => {
  it('given a payer, headers and a body logged by mistake, then passwords, phones, keys and the authorization header are censored', () => {
    const { lines, logger } = capture();

    logger.info(
      {
        headers: { authorization: 'Bearer dev-client-key', 'idempotency-key': 'k-1' },
        payer: { phone: '010-1234-5678', password: 'pw-1', phoneKey: 'pk', passwordHash: 'h' },
        apiKey: 'dev-admin-key',
        body: { anything: 'at all' },
      },
      'oops',
    );

    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines[0]);
    for (const secret of ['dev-client-key', '010-1234-5678', 'pw-1', '"pk"', '"h"', 'dev-admin']) {
      expect(text).not.toContain(secret);
    }
    expect(lines[0]).toMatchObject({
      headers: { authorization: REDACTED, 'idempotency-key': 'k-1' },
      payer: { phone: REDACTED, password: REDACTED, phoneKey: REDACTED, passwordHash: REDACTED },
      body: REDACTED,
      msg: 'oops',
    });
  });

  it('given LOG_LEVEL=warn, then info lines are not written and warnings are', () => {
    const { lines, logger } = capture({ level: 'warn', prettyOnTerminal: false });

    logger.info('quiet');
    logger.warn('loud');

    expect(lines.map((line) => line.msg)).toEqual(['loud']);
  });
});

describe("logs: Nest's Logger writes through pino", () => {
  afterEach(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('given a Logger with a context, then its log, warning and error (with stack) are JSON lines at their levels', () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(new PinoNestLogger(logger));
    const nest = new Logger('Reconciler');

    nest.log('settled 2 cancellations');
    nest.warn('the PG did not answer');
    nest.error('failed: Error: boom', new Error('boom').stack);

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Reconciler', msg: 'settled 2 cancellations' }),
      expect.objectContaining({ level: 40, context: 'Reconciler', msg: 'the PG did not answer' }),
      expect.objectContaining({
        level: 50,
        context: 'Reconciler',
        msg: 'failed: Error: boom',
        stack: expect.stringContaining('Error: boom') as unknown,
      }),
    ]);
  });

  it("given Nest's start-up chatter (routes mapped), then it is debug, not info", () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);

    nest.log('Mapped {/v1/payments, POST} route', 'RouterExplorer');

    expect(lines).toEqual([]);
  });
});
