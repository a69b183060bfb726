import { Workbook } from 'exceljs';
import { DateTime } from 'luxon';
import { InvariantViolation } from '@lib/ledger';
import { withZipEntryTimes } from './zip-entry-times';

/** The MS-DOS time and date of every local file header, walked from the start of the archive. */
function localEntryTimes(zip: Buffer): { time: number; date: number }[] {
  const times: { time: number; date: number }[] = [];
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    times.push({ time: zip.readUInt16LE(at + 10), date: zip.readUInt16LE(at + 12) });
    at += 30 + zip.readUInt32LE(at + 18) + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  }
  return times;
}

async function smallXlsx(): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.addWorksheet('s').addRow(['004', 1000]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('ZIP entry times of a report file', () => {
  const closedAt = DateTime.fromISO('2026-12-02T00:00:07.000+09:00');

  it('given an xlsx stamped with the wall clock, when dated by the close, then every entry holds 2026-12-01 15:00:06 UTC', async () => {
    const original = await smallXlsx();
    const dated = withZipEntryTimes(original, closedAt);
    const times = localEntryTimes(dated);
    expect(times.length).toBeGreaterThan(5);
    const expected = {
      time: (15 << 11) | (0 << 5) | 3, // seconds are halved: 7 s is stored as 3
      date: ((2026 - 1980) << 9) | (12 << 5) | 1,
    };
    expect(times).toEqual(times.map(() => expected));
    // The central directory (what unzip and spreadsheets list) says the same.
    const central = dated.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect({
      time: dated.readUInt16LE(central + 12),
      date: dated.readUInt16LE(central + 14),
    }).toEqual(expected);
    // Only those fields changed, and the archive still opens.
    expect(dated).toHaveLength(original.length);
    const workbook = new Workbook();
    await workbook.xlsx.load(dated as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.getCell('A1').value).toBe('004');
  });

  it('leaves its input as it was', async () => {
    const original = await smallXlsx();
    const copy = Buffer.from(original);
    withZipEntryTimes(original, closedAt);
    expect(original.equals(copy)).toBe(true);
  });

  it('throws (a bug) on bytes that are not a ZIP archive', () => {
    expect(() => withZipEntryTimes(Buffer.from('not a zip, only text'), closedAt)).toThrow(
      InvariantViolation,
    );
  });
});
