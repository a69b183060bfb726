import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { END, type EventStore } from '@lib/event-store';
import { openScratchReadModelDatabase } from '@lib/projections';
import { EXIT, count, printJson, type CliIo, type ExitCode } from '../cli-io';
import { withLedgerSource, type SourceOptions } from '../ledger-source';
import { readModelFileOf, type ReadModelOptions } from '../rebuild/read-model-file';
import { rebuildInto } from '../rebuild/rebuild-into';
import { openReadOnlyReadModels } from './live-read-models';
import { diffReadModels, type TableDiff } from './read-model-diff';

export interface ReplayOptions extends SourceOptions, ReadModelOptions {
  readonly json?: boolean;
}

/**
 * `ledger replay`: replays the whole log into a scratch read-model file and compares it, table by
 * table, with the live one. Equal means the live read models are exactly what the log implies.
 * The live file is only read; a service holding it (SQLite's exclusive lock) must stop first, or
 * a copy of the file can be named with --read-models.
 */
export async function replayCommand(options: ReplayOptions, io: CliIo): Promise<ExitCode> {
  return withLedgerSource(options, io, async (source) => {
    const liveFile = readModelFileOf(options, source.dataDir, io);
    const live = openReadOnlyReadModels(liveFile);
    const scratchDir = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    try {
      const behind = await eventsBehind(source.store, live);
      const scratch = openScratchReadModelDatabase(join(scratchDir, 'read-models.sqlite'));
      try {
        const report = await rebuildInto(source.store, scratch, io, options.json === true);
        const tables = diffReadModels(live, scratch);
        const same = tables.every((table) => table.missing === 0 && table.extra === 0);
        if (options.json === true)
          printJson(io, { liveFile, same, liveBehindBy: behind, ...report, tables });
        else print(io, liveFile, report, tables, behind);
        return same ? EXIT.ok : EXIT.notWell;
      } finally {
        scratch.close();
      }
    } finally {
      live.close();
      rmSync(scratchDir, { recursive: true, force: true });
    }
  });
}

/** How far the live file's slowest projection is behind the log's end (0: caught up). */
async function eventsBehind(store: EventStore, live: Database.Database): Promise<string> {
  const [last] = await store.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 });
  if (last === undefined) return '0';
  const row = live
    .prepare('SELECT min(coalesce(position_commit, 0)) AS lowest FROM projection_checkpoints')
    .safeIntegers(true)
    .get() as { lowest: bigint | null } | undefined;
  const lowest = row?.lowest ?? 0n;
  const gap = last.position.commit - lowest;
  return (gap > 0n ? gap : 0n).toString();
}

function print(
  io: CliIo,
  file: string,
  report: { eventsDone: number; elapsedMs: number; eventsPerSecond: number },
  tables: readonly TableDiff[],
  behind: string,
): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  out(
    `Replayed ${count(report.eventsDone)} events into a scratch read model in ${(report.elapsedMs / 1000).toFixed(2)} s: ${count(report.eventsPerSecond)} events/s`,
  );
  out(`Compared with ${file}:`);
  for (const table of tables) {
    const verdict =
      table.missing === 0 && table.extra === 0
        ? 'same'
        : `${table.missing} missing or different, ${table.extra} extra`;
    out(
      `  ${table.table.padEnd(24)} ${String(table.liveRows).padStart(8)} live ${String(table.rebuiltRows).padStart(8)} rebuilt  ${verdict}`,
    );
    for (const row of table.samples.missing) out(`      rebuilt only: ${row}`);
    for (const row of table.samples.extra) out(`      live only:    ${row}`);
  }
  if (behind !== '0')
    out(
      `note: the live file's checkpoint is ${behind} position(s) behind the log; start the service to let it catch up`,
    );
  out(tables.every((table) => table.missing === 0 && table.extra === 0) ? 'SAME' : 'DIFFERENT');
}
