/** One field of an RFC 4180 row: quoted when it holds a quote, a comma or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One RFC 4180 row, CRLF-terminated. */
export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * A text field that a spreadsheet opening the CSV will not run as a formula (OWASP "CSV
 * injection"): one that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
 * `'`. Only for text: a number such as `-3000` must stay a number, so callers apply it by column.
 */
export function spreadsheetSafeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV text that is not RFC 4180. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
}

/**
 * The rows of an RFC 4180 text (CRLF or LF line ends; a UTF-8 byte-order mark is skipped). Quoted
 * fields may hold commas, quotes (doubled) and line breaks.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"') {
      if (field !== '') throw new CsvSyntaxError(`A quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
    } else field += char;
  }
  if (quoted) throw new CsvSyntaxError('A quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
