/** apps/cli: the `ledger` command (DESIGN.md §7, docs/audit.md). */
export { runLedgerCli } from './cli-program';
export { EXIT, type CliIo, type ExitCode } from './cli-io';
