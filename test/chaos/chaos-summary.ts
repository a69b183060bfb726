/**
 * What a chaos run reports: the figures of the run (the table `npm run chaos` prints and the
 * README quotes), what the load sent per kind of command, and every failure found.
 */
import { acknowledgement, type Command, type CommandOp, type Failure } from './chaos-model';

export interface ChaosSummary {
  readonly seed: number;
  readonly cycles: number;
  readonly runtime: 'dist' | 'ts-node';
  readonly dataDir: string;
  readonly dataKept: boolean;
  readonly commandsSent: number;
  readonly acknowledged: number;
  readonly retried: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly violations: number;
  readonly reads: number;
  readonly events: number;
  readonly payments: number;
  readonly closedDays: number;
  readonly elapsedMs: number;
  /** Per kind of command: how many were sent, and how their answers and losses went. */
  readonly operations: readonly OperationTally[];
  readonly failures: readonly Failure[];
}

export interface OperationTally {
  readonly op: CommandOp;
  readonly sent: number;
  readonly acknowledged: number;
  /** 202: the PG's answer still unknown. */
  readonly accepted: number;
  /** 4xx and 502: refused (409), or the PG refused (502). */
  readonly refused: number;
  /** Sends that got no answer (the kill), each retried after the restart. */
  readonly lostSends: number;
}

export function tallyOf(commands: readonly Command[]): OperationTally[] {
  const tallies = new Map<CommandOp, OperationTally>();
  for (const command of commands) {
    const tally = tallies.get(command.op) ?? {
      op: command.op,
      sent: 0,
      acknowledged: 0,
      accepted: 0,
      refused: 0,
      lostSends: 0,
    };
    const last = command.answers.at(-1)?.status;
    tallies.set(command.op, {
      ...tally,
      sent: tally.sent + 1,
      acknowledged: tally.acknowledged + (acknowledgement(command) === undefined ? 0 : 1),
      accepted: tally.accepted + (last === 202 ? 1 : 0),
      refused: tally.refused + (last !== undefined && last >= 400 ? 1 : 0),
      lostSends: tally.lostSends + command.lost,
    });
  }
  return [...tallies.values()].sort((a, b) => b.sent - a.sent);
}

const count = (n: number) => n.toLocaleString('en-US');

/** The run's figures, then what the load sent per kind of command, as text to print. */
export function summaryTables(summary: ChaosSummary): string {
  return [...figuresTable(summary), '', ...operationsTable(summary), ''].join('\n');
}

function figuresTable(summary: ChaosSummary): string[] {
  const rows: [string, string][] = [
    ['cycles (SIGKILL + restart)', count(summary.cycles)],
    ['commands sent', count(summary.commandsSent)],
    ['commands acknowledged', count(summary.acknowledged)],
    ['retried after a restart', count(summary.retried)],
    ['lost', count(summary.lost)],
    ['duplicated', count(summary.duplicated)],
    ['invariant violations', count(summary.violations)],
    ['reads', count(summary.reads)],
    ['events in the log', count(summary.events)],
    ['payments', count(summary.payments)],
    ['days closed', count(summary.closedDays)],
    ['runtime', `${(summary.elapsedMs / 1000).toFixed(0)} s (${summary.runtime})`],
    ['seed', String(summary.seed)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const rule = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    rule,
    ...rows.map(([name, value]) => `| ${name.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    rule,
  ];
}

function operationsTable(summary: ChaosSummary): string[] {
  const header = ['command', 'sent', 'acknowledged', '202', 'refused', 'sends lost'];
  const rows = summary.operations.map((tally) => [
    tally.op,
    count(tally.sent),
    count(tally.acknowledged),
    count(tally.accepted),
    count(tally.refused),
    count(tally.lostSends),
  ]);
  const widths = header.map((name, i) =>
    Math.max(name.length, ...rows.map((row) => row[i]!.length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  return [header, ...rows].map(format);
}
