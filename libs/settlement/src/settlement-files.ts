import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@lib/common';
import type { SettlementClosed } from '@lib/ledger';
import { settlementCsv } from './settlement-csv';
import { settlementXlsx } from './settlement-xlsx';
import { sealedDigestDocument } from './sealed-digest-document';
import { settlementDocument } from './settlement-document';

/**
 * Writes a closed day's report under `<data folder>/settlements/` as `<date>.json` (the GET
 * answer), `<date>.csv` (for imports) and `<date>.xlsx` (for people, with codes as text), and its
 * seal as `<date>.digest` (for operators to copy off the machine). The files are derived from the
 * SettlementClosed event alone, byte for byte, so writing them is idempotent: they are (re)written
 * whenever they are missing or differ, after the event. A crash between the event and the files
 * is repaired by the next close of that day (the route and the scheduler both end with this) or
 * by the scheduler's first run at start-up.
 */
@Injectable()
export class SettlementFiles {
  private readonly folder: string;

  constructor(@Inject(LEDGER_CONFIG) config: Pick<LedgerConfig, 'dataDir'>) {
    this.folder = path.join(config.dataDir, 'settlements');
  }

  pathsOf(date: string): { json: string; csv: string; xlsx: string; digest: string } {
    return {
      json: path.join(this.folder, `${date}.json`),
      csv: path.join(this.folder, `${date}.csv`),
      xlsx: path.join(this.folder, `${date}.xlsx`),
      digest: path.join(this.folder, `${date}.digest`),
    };
  }

  async ensure(closed: SettlementClosed['data']): Promise<void> {
    const paths = this.pathsOf(closed.date);
    await mkdir(this.folder, { recursive: true });
    await writeIfChanged(paths.json, `${JSON.stringify(settlementDocument(closed), null, 2)}\n`);
    await writeIfChanged(paths.csv, settlementCsv(closed.report));
    await writeIfChanged(paths.xlsx, await settlementXlsx(closed));
    const digest = sealedDigestDocument(closed);
    if (digest !== null) await writeIfChanged(paths.digest, `${JSON.stringify(digest, null, 2)}\n`);
  }
}

/** Write to a temporary file and rename: a reader never sees half a report. */
async function writeIfChanged(file: string, content: string | Buffer): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const existing = await readFile(file).catch(() => null);
  if (existing?.equals(bytes)) return;
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
}
