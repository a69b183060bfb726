import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import type { LedgerConfig } from '@lib/common';
import { eventStorePath } from '@lib/infrastructure';

/** The data folder (or a file in it) cannot be written: the process does not start. */
export class DataFolderError extends Error {
  override readonly name = 'DataFolderError';
}

/** What an errno means for a folder the ledger must write into. */
const REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a part of its path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EIO: 'an I/O error',
};

/**
 * Proves, before anything opens a file, that this process can write every folder and file its
 * configuration names (the event store, the read models, the sandbox PG, the settlement reports):
 * it makes each folder, writes, syncs and removes a probe file in it, and checks the files already
 * there. A read-only mount, a folder below a regular file, a missing permission or a full disk
 * stops start-up here with one sentence naming the folder, instead of a stack trace from
 * whichever module opened its file first.
 */
export function assertDataFolderWritable(config: LedgerConfig): void {
  const folders = new Map<string, string>();
  for (const [folder, setting] of [
    [config.dataDir, 'LEDGER_DATA_DIR'],
    [path.dirname(config.readModelFile), 'LEDGER_READ_MODEL_FILE'],
    [path.dirname(config.sandboxPgFile), 'LEDGER_SANDBOX_PG_FILE'],
  ] as const) {
    // A folder named by several settings is named by the first: the data folder, usually.
    if (!folders.has(folder)) folders.set(folder, setting);
  }
  for (const [folder, setting] of folders) assertFolderWritable(folder, setting);
  const storeFiles = config.store === 'sqlite' ? sqliteFiles(eventStorePath(config)) : [];
  const files = [...storeFiles, ...sqliteFiles(config.readModelFile), config.sandboxPgFile];
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch (error) {
      throw new DataFolderError(`Cannot write ${file} in the data folder: ${reasonOf(error)}`);
    }
  }
}

function assertFolderWritable(folder: string, setting: string): void {
  const probe = path.join(folder, `.write-probe-${process.pid}`);
  try {
    mkdirSync(folder, { recursive: true });
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'ledger');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      unlinkSync(probe);
    }
  } catch (error) {
    throw new DataFolderError(
      `Cannot write the data folder ${folder} (${setting}): ${reasonOf(error)}. ` +
        `Point ${setting} at a folder this process can write`,
    );
  }
}

/** A SQLite file with its WAL and shared-memory files. */
function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}

function reasonOf(error: unknown): string {
  const code = (error as { readonly code?: unknown } | null)?.code;
  if (typeof code === 'string') return `${REASONS[code] ?? 'it cannot be written'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}
