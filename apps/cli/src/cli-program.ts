import { Command, CommanderError, Option } from 'commander';
import { asOfCommand } from './as-of/as-of.command';
import { CliError, EXIT, type CliIo, type ExitCode } from './cli-io';
import { exportCommand, type ExportOptions } from './export/export.command';
import { historyCommand } from './history/history.command';
import { rebuildCommand } from './rebuild/rebuild.command';
import { replayCommand } from './replay/replay.command';
import { verifyCommand } from './verify/verify.command';

type Options = Record<string, unknown>;

/**
 * The `ledger` program (DESIGN.md §7): the auditor's and operator's commands over the data folder
 * or EventStoreDB. Each command answers its exit code: 0 only when all is well.
 */
function program(io: CliIo, done: (code: ExitCode) => void): Command {
  const root = new Command('ledger')
    .description("The judgment-fee ledger's audit and operations CLI (docs/audit.md)")
    .option('--data-dir <dir>', 'the data folder (default: $LEDGER_DATA_DIR, else ./data)')
    .option(
      '--esdb <url>',
      'read EventStoreDB instead (default: $LEDGER_ESDB_URL when LEDGER_STORE=esdb)',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const json = new Option('--json', 'one JSON document on stdout, for machines');
  // Commander calls an action with the arguments, the command's options and the command.
  const run =
    (action: (args: string[], options: Options) => Promise<ExitCode>) =>
    async (...received: unknown[]) => {
      const command = received.at(-1) as Command;
      const options = { ...root.opts(), ...command.opts() };
      done(await action(received.slice(0, -2) as string[], options));
    };

  root
    .command('verify')
    .description('recompute every hash and every seal; on failure name the first bad position')
    .argument('[export]', 'an export file to verify on its own, instead of the store')
    .option('--digests <dir>', 'also check against copied <date>.digest files')
    .addOption(json)
    .action(run(([file], options) => verifyCommand(file, options, io)));
  root
    .command('export')
    .description('write the log of an audit period (whole sealed days) with its hashes and seals')
    .requiredOption('--from <date>', 'first KST day (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'last KST day (YYYY-MM-DD)')
    .addOption(
      new Option('--format <format>', 'file format').choices(['ndjson', 'csv']).default('ndjson'),
    )
    .option('--out <file>', 'write to a file (default: stdout)')
    .action(run((_args, options) => exportCommand(options as unknown as ExportOptions, io)));
  root
    .command('history')
    .description("a payment's timeline: KST times, actor, PG codes, settlement day")
    .argument('<paymentId>')
    .addOption(json)
    .action(run(([paymentId], options) => historyCommand(paymentId!, options, io)));
  root
    .command('as-of')
    .description('a payment (or member:ID, their list) as it stood at an instant (recording time)')
    .argument('<subject>', 'a payment id, or member:<memberId>')
    .argument('<instant>', 'an ISO 8601 instant with its offset, e.g. 2026-12-01T15:00:00+09:00')
    .option(
      '--read-models <file>',
      "the read-model file for a member's list (default: $LEDGER_READ_MODEL_FILE, else read-models.sqlite)",
    )
    .addOption(json)
    .action(run(([subject, instant], options) => asOfCommand(subject!, instant!, options, io)));
  root
    .command('replay')
    .description('rebuild every read model into a scratch file and diff it against the live one')
    .option(
      '--read-models <file>',
      'the live read-model file (default: $LEDGER_READ_MODEL_FILE, else read-models.sqlite)',
    )
    .addOption(json)
    .action(run((_args, options) => replayCommand(options, io)));
  root
    .command('rebuild')
    .description(
      'rebuild every read model from the log into a scratch file and swap it in (service stopped)',
    )
    .option(
      '--read-models <file>',
      'the read-model file (default: $LEDGER_READ_MODEL_FILE, else read-models.sqlite)',
    )
    .addOption(json)
    .action(run((_args, options) => rebuildCommand(options, io)));
  return root;
}

/** Runs the CLI on `argv` (without node and the script) and answers its exit code. */
export async function runLedgerCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  try {
    await program(io, (answer) => (code = answer)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "with an error" that is not one.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`ledger: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `ledger: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.notWell;
  }
}
