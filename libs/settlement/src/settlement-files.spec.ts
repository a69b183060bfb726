import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SettlementFiles } from './settlement-files';
import { settlementXlsx } from './settlement-xlsx';
import { DAY, closedDay } from './test/settlement-closed.fixtures';

describe('R18 the report files of a closed day', () => {
  let dataDir: string;
  let files: SettlementFiles;
  const folder = () => path.join(dataDir, 'settlements');

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'settlement-files-'));
    files = new SettlementFiles({ dataDir });
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('given a close, when its files are ensured, then the JSON, CSV, XLSX and digest are written whole', async () => {
    await files.ensure(closedDay());
    expect(fs.readdirSync(folder()).sort()).toEqual(
      [`${DAY}.csv`, `${DAY}.digest`, `${DAY}.json`, `${DAY}.xlsx`].sort(),
    );
    expect(files.pathsOf(DAY).xlsx).toBe(path.join(folder(), `${DAY}.xlsx`));
    expect(fs.readFileSync(files.pathsOf(DAY).xlsx).equals(await settlementXlsx(closedDay()))).toBe(
      true,
    );
  });

  it('given files already written, when ensured again, then none is rewritten (the bytes are the same)', async () => {
    await files.ensure(closedDay());
    const longAgo = new Date('2001-01-01T00:00:00Z');
    for (const file of fs.readdirSync(folder())) {
      fs.utimesSync(path.join(folder(), file), longAgo, longAgo);
    }
    await files.ensure(closedDay());
    for (const file of fs.readdirSync(folder())) {
      expect({ file, mtime: fs.statSync(path.join(folder(), file)).mtime }).toEqual({
        file,
        mtime: longAgo,
      });
    }
  });

  it('given a half-written xlsx (a crash), when ensured, then it is replaced by the whole file', async () => {
    await files.ensure(closedDay());
    const whole = fs.readFileSync(files.pathsOf(DAY).xlsx);
    fs.writeFileSync(files.pathsOf(DAY).xlsx, whole.subarray(0, 100));
    await files.ensure(closedDay());
    expect(fs.readFileSync(files.pathsOf(DAY).xlsx).equals(whole)).toBe(true);
    expect(fs.readdirSync(folder()).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
