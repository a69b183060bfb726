import { csvRow, parseCsv } from '@lib/common';
import type { AuditRecord } from './audit-record';
import { sealClaimOf, type SealedDigestDocument } from './sealed-digest';

/** The name of the export format (docs/audit.md §7). */
export const EXPORT_FORMAT = 'judgment-fee-ledger/export/v1';

export type ExportFileFormat = 'ndjson' | 'csv';

/**
 * The first line of an export: the audit period, and the slice of the log it holds, positions
 * (afterPosition, untilPosition]: the whole sealed slices of the period's days.
 */
export interface ExportHeader {
  readonly kind: 'export';
  readonly format: typeof EXPORT_FORMAT;
  readonly from: string;
  readonly to: string;
  readonly afterPosition: string;
  readonly untilPosition: string;
}

export type ExportLine =
  | ExportHeader
  | ({ readonly kind: 'seal' } & SealedDigestDocument)
  | ({ readonly kind: 'event' } & AuditRecord);

const CSV_HEADER = [
  'kind',
  'position',
  'stream',
  'revision',
  'type',
  'createdAt',
  'data',
  'metadata',
];

/** The text of one line of an export, in either format (CSV: one RFC 4180 row). */
export function exportLineText(line: ExportLine, format: ExportFileFormat): string {
  if (format === 'ndjson') return `${JSON.stringify(line)}\n`;
  if (line.kind !== 'event') {
    const { kind, ...rest } = line;
    return csvRow([kind, '', '', '', '', '', JSON.stringify(rest), '']);
  }
  return csvRow([
    'event',
    line.position,
    line.stream,
    line.revision,
    line.type,
    line.createdAt,
    JSON.stringify(line.data),
    JSON.stringify(line.metadata),
  ]);
}

/** The CSV header row; NDJSON has none. */
export function exportPreamble(format: ExportFileFormat): string {
  return format === 'csv' ? csvRow(CSV_HEADER) : '';
}

/** A file that is not an export this ledger writes. */
export class ExportFormatError extends Error {
  override readonly name = 'ExportFormatError';
}

/**
 * Reads an export's lines, whichever format, as they arrive (a long export is never held in
 * memory): yields `ExportLine`s in file order. The CSV rows may span lines only inside quotes.
 */
export async function* readExportLines(
  lines: AsyncIterable<string>,
): AsyncGenerator<{ readonly line: ExportLine; readonly number: number }> {
  let format: ExportFileFormat | null = null;
  let pending = '';
  let number = 0;
  let startedAt = 0;
  for await (const raw of lines) {
    number += 1;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (format === null) {
      if (text.trim() === '') continue;
      format = text.startsWith('{') ? 'ndjson' : 'csv';
      if (format === 'csv') {
        if (parseCsv(text)[0]?.join(',') !== CSV_HEADER.join(',')) {
          throw new ExportFormatError(`line ${number}: not the export's CSV header`);
        }
        continue;
      }
    }
    if (format === 'ndjson') {
      if (text.trim() === '') continue;
      yield { line: parseNdjsonLine(text, number), number };
      continue;
    }
    if (pending === '') startedAt = number;
    pending = pending === '' ? text : `${pending}\n${text}`;
    if (countQuotes(pending) % 2 === 1) continue; // a quoted field goes on to the next line
    const row = pending;
    pending = '';
    if (row.trim() === '') continue;
    yield { line: parseCsvLine(row, startedAt), number: startedAt };
  }
  if (pending !== '') throw new ExportFormatError(`line ${startedAt}: a quoted field never ends`);
}

function countQuotes(text: string): number {
  let count = 0;
  for (const char of text) if (char === '"') count += 1;
  return count;
}

function parseJson(text: string, number: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ExportFormatError(`line ${number}: not JSON`);
  }
}

function parseNdjsonLine(text: string, number: number): ExportLine {
  const value = parseJson(text, number);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ExportFormatError(`line ${number}: not a JSON object`);
  }
  return checked(value as Record<string, unknown>, number);
}

function parseCsvLine(text: string, number: number): ExportLine {
  let fields: string[];
  try {
    [fields = []] = parseCsv(text);
  } catch (error) {
    throw new ExportFormatError(`line ${number}: ${(error as Error).message}`);
  }
  if (fields.length !== CSV_HEADER.length) {
    throw new ExportFormatError(
      `line ${number}: ${fields.length} fields, not ${CSV_HEADER.length}`,
    );
  }
  const [kind, position, stream, revision, type, createdAt, data, metadata] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (kind !== 'event') {
    const rest = parseJson(data, number);
    if (rest === null || typeof rest !== 'object') {
      throw new ExportFormatError(`line ${number}: the ${kind} row's data is not an object`);
    }
    return checked({ ...(rest as Record<string, unknown>), kind }, number);
  }
  return checked(
    {
      kind,
      position,
      stream,
      revision,
      type,
      createdAt,
      data: parseJson(data, number),
      metadata: parseJson(metadata, number),
    },
    number,
  );
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** The line's fields, checked enough that the verifier can trust their types. */
function checked(value: Record<string, unknown>, number: number): ExportLine {
  const fail = (why: string): never => {
    throw new ExportFormatError(`line ${number}: ${why}`);
  };
  switch (value.kind) {
    case 'export':
      if (value.format !== EXPORT_FORMAT) fail(`format is not ${EXPORT_FORMAT}`);
      for (const name of ['afterPosition', 'untilPosition']) {
        if (typeof value[name] !== 'string' || !DECIMAL.test(value[name])) {
          fail(`${name} is not decimal`);
        }
      }
      return value as unknown as ExportHeader;
    case 'seal':
      try {
        sealClaimOf(value, 'export');
      } catch (error) {
        fail((error as Error).message);
      }
      return value as unknown as ExportLine;
    case 'event':
      for (const name of ['position', 'revision']) {
        if (typeof value[name] !== 'string' || !DECIMAL.test(value[name])) {
          fail(`${name} is not decimal`);
        }
      }
      if (typeof value.stream !== 'string' || typeof value.type !== 'string') {
        fail('stream or type is missing');
      }
      if (value.metadata === null || typeof value.metadata !== 'object') {
        fail('metadata is not an object');
      }
      return value as unknown as ExportLine;
    default:
      return fail(`unknown kind ${JSON.stringify(value.kind)}`);
  }
}
