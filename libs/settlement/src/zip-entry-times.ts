import type { DateTime } from 'luxon';
import { InvariantViolation, invariant } from '@lib/ledger';

// Signatures and fixed offsets of PKWARE's APPNOTE.TXT (4.3.7, 4.3.12, 4.3.16).
const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const END_OF_CENTRAL_DIRECTORY_BYTES = 22;
const CENTRAL_DIRECTORY_HEADER_BYTES = 46;
const MAX_COMMENT_BYTES = 0xffff;

/**
 * The ZIP archive with every entry's modification time set to `at` (UTC, to the 2 seconds MS-DOS
 * time can hold). An .xlsx is a ZIP whose writer (exceljs through JSZip) stamps each entry with
 * the wall clock, so two writes of the same report would differ in those bytes alone; with the
 * close's own instant instead, the same SettlementClosed event gives the same file, and an
 * unchanged report is never rewritten. A time is outside the entries' CRCs: only the header
 * fields change. An archive this cannot read (ZIP64, a split archive) is a bug: it throws.
 */
export function withZipEntryTimes(zip: Uint8Array, at: DateTime): Buffer {
  const bytes = Buffer.from(zip);
  const { time, date } = msDosDateTime(at);
  const end = endOfCentralDirectory(bytes);
  const entries = bytes.readUInt16LE(end + 10);
  invariant(
    bytes.readUInt16LE(end + 8) === entries && bytes.readUInt32LE(end + 16) !== 0xffffffff,
    'A ZIP64 or split archive',
  );
  let header = bytes.readUInt32LE(end + 16);
  for (let entry = 0; entry < entries; entry += 1) {
    invariant(
      bytes.readUInt32LE(header) === CENTRAL_DIRECTORY_HEADER,
      'A broken central directory',
    );
    bytes.writeUInt16LE(time, header + 12);
    bytes.writeUInt16LE(date, header + 14);
    const local = bytes.readUInt32LE(header + 42);
    invariant(bytes.readUInt32LE(local) === LOCAL_FILE_HEADER, 'A broken local file header');
    bytes.writeUInt16LE(time, local + 10);
    bytes.writeUInt16LE(date, local + 12);
    header +=
      CENTRAL_DIRECTORY_HEADER_BYTES +
      bytes.readUInt16LE(header + 28) +
      bytes.readUInt16LE(header + 30) +
      bytes.readUInt16LE(header + 32);
  }
  return bytes;
}

/** Where the end-of-central-directory record starts: the last one, before a comment if any. */
function endOfCentralDirectory(bytes: Buffer): number {
  const last = bytes.length - END_OF_CENTRAL_DIRECTORY_BYTES;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT_BYTES; at -= 1) {
    if (bytes.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new InvariantViolation('Not a ZIP archive: no end of central directory');
}

/** MS-DOS date and time fields (APPNOTE 4.4.6): years from 1980, seconds halved. */
function msDosDateTime(at: DateTime): { time: number; date: number } {
  const utc = at.toUTC();
  invariant(utc.year >= 1980 && utc.year <= 2107, 'An instant MS-DOS time cannot hold');
  return {
    time: (utc.hour << 11) | (utc.minute << 5) | Math.floor(utc.second / 2),
    date: ((utc.year - 1980) << 9) | (utc.month << 5) | utc.day,
  };
}
