import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore } from '@lib/event-store';
import { carryOverTables } from './carry-over';
import type { Projection, ReadModelDatabase } from './projection';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase, openScratchReadModelDatabase } from './read-model-database';
import type { RebuildOptions, RebuildReport } from './rebuild-progress';

export interface RebuildFileOptions extends RebuildOptions {
  readonly store: EventStore;
  /** The read-model file to replace (created if missing). */
  readonly file: string;
  readonly projections: readonly Projection[];
  /** Events per transaction (the runner's `catchUpBatchSize` by default). */
  readonly batchSize?: number;
  /** Told of each read error the rebuild recovers from, and of the error that stops it. */
  readonly onError?: (error: unknown) => void;
}

/** The scratch file a rebuild of `file` builds, beside it (a rename never crosses a disk). */
export function scratchFileOf(file: string): string {
  return `${file}.rebuilding`;
}

/**
 * Rebuilds every read model of `file` from the whole log without touching `file` until the end:
 * the log is replayed into a scratch file beside it, which then replaces it in one rename. A
 * rebuild that stops early (an error, a kill, a power cut) leaves `file` as it was, and the next
 * rebuild starts its scratch file afresh. Tables no projection makes (the sagas' checkpoints) are
 * carried over from `file`. `file` is held exclusively throughout, as the service holds it, so a
 * running service makes this fail with ReadModelFileInUseError before anything is done, and a
 * service cannot start in the middle.
 */
export async function rebuildReadModelFile(options: RebuildFileOptions): Promise<RebuildReport> {
  const { file } = options;
  const live = openReadModelDatabase(file, { exclusive: true });
  try {
    const scratch = scratchFileOf(file);
    removeDatabaseFiles(scratch);
    const report = await buildScratch(options, scratch, live);
    swapIn(live, scratch, file);
    return report;
  } finally {
    live.close();
  }
}

/** Replays the log into a fresh `scratch` file; removes it unless it was finished. */
async function buildScratch(
  { store, projections, batchSize, onProgress, onError }: RebuildFileOptions,
  scratch: string,
  live: ReadModelDatabase,
): Promise<RebuildReport> {
  const db = openScratchReadModelDatabase(scratch);
  let built = false;
  try {
    const runner = new ProjectionRunner({
      store,
      db,
      projections,
      ...(batchSize === undefined ? {} : { catchUpBatchSize: batchSize }),
      ...(onError === undefined ? {} : { onError }),
    });
    const report = await runner.rebuild(onProgress === undefined ? {} : { onProgress });
    db.transaction(() => carryOverTables(live, db))();
    built = true;
    return report;
  } finally {
    db.close();
    if (!built) removeDatabaseFiles(scratch);
  }
}

/**
 * Puts the finished scratch file in place of `file`. The scratch file is synced first (it was
 * written without syncs), then renamed over `file`, then the folder is synced so the rename lasts.
 * Just before the rename, `live` leaves WAL mode: that checkpoints and deletes `file`'s WAL, which
 * SQLite finds by name and would otherwise pair with the new file. `live` stays open (and locked)
 * until the caller closes it, and has then no file of its own to delete by name. The new file is
 * in rollback mode until the service opens it (`openReadModelDatabase` sets WAL), and has the old
 * file's permissions (not its owner: run the rebuild as the service's user).
 */
function swapIn(live: ReadModelDatabase, scratch: string, file: string): void {
  chmodSync(scratch, statSync(file).mode);
  syncFile(scratch);
  const mode = live.pragma('journal_mode = MEMORY', { simple: true });
  if (mode !== 'memory') throw new Error(`${file} stayed in ${String(mode)} mode; not replaced`);
  renameSync(scratch, file);
  syncFolder(dirname(file));
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a rename in `folder` survive a power cut. Where a folder cannot be opened (Windows), the
 * rename stands as it is.
 */
function syncFolder(folder: string): void {
  try {
    syncFile(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM') throw error;
  }
}

/** A database file and whatever journal SQLite may have left beside it. */
function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    rmSync(`${path}${suffix}`, { force: true });
  }
}
