import { resolve } from 'node:path';
import { READ_MODEL_FILE } from '@lib/projections';
import type { CliIo } from '../cli-io';

export interface ReadModelOptions {
  /** The read-model file (default `$LEDGER_READ_MODEL_FILE`, else `read-models.sqlite`, in the data folder). */
  readonly readModels?: string;
}

export function readModelFileOf(options: ReadModelOptions, dataDir: string, io: CliIo): string {
  return resolve(dataDir, options.readModels ?? io.env.LEDGER_READ_MODEL_FILE ?? READ_MODEL_FILE);
}
