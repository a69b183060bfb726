/** The `ledger` binary (package.json `bin`, via bin/ledger.js). */
import { runLedgerCli } from './cli-program';

runLedgerCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ledger: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
