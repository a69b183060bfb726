/**
 * The import boundaries bite (issue: thin apps): the `ledger/boundaries` rule that `npm run lint`
 * runs on every file, run here on fixtures placed where a violation would live.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ledgerRules = require('../../scripts/eslint/boundaries.cjs') as ESLint.Plugin;

const ROOT = path.resolve(__dirname, '..', '..');

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { ledger: ledgerRules },
      rules: { 'ledger/boundaries': 'error' },
    },
  ],
});

/** The rule's complaints about `code` as if it were the file at `file` (relative to the root). */
async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'ledger/boundaries')
    .map((message) => message.message);
}

describe('import boundaries (docs/adr/0008)', () => {
  it.each([
    ['apps/worker/src/follow-ups/reactor.ts', "import { X } from '../../../api/src/payments/x';"],
    ['apps/worker/src/worker.module.ts', "import { ApiModule } from '@app/api';"],
    ['apps/worker/src/worker.module.ts', "export { X } from '../../api/src/x';"],
    ['apps/api/src/payments/payments.module.ts', "import { W } from '../../../worker/src/w';"],
    ['apps/api/src/payments/payments.module.ts', "import { W } from '@app/worker';"],
    ['apps/api/src/a.ts', "const w = require('../../worker/src/worker.module');"],
    ['apps/api/src/a.ts', "const load = () => import('../../worker/src/worker.module');"],
    ['apps/api/src/a.ts', "import { S } from '../../server/src/bootstrap';"],
  ])('an app importing another app is refused: %s: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([
      expect.stringContaining('an app never imports another app'),
    ]);
  });

  it.each([
    ['libs/payments/src/x.ts', "import { P } from '../../../apps/api/src/payments/x';"],
    ['libs/settlement/src/x.ts', "import { W } from '@app/worker';"],
  ])('a library importing an app is refused: %s: %s', async (file, code) => {
    expect(await violations(file, code)).toEqual([
      expect.stringContaining('a library never imports an app'),
    ]);
  });

  it('the composition root composes the apps through their entry points only', async () => {
    const file = 'apps/server/src/server.module.ts';
    expect(await violations(file, "import { ApiModule } from '@app/api';")).toEqual([]);
    expect(await violations(file, "import { WorkerModule } from '@app/worker';")).toEqual([]);
    expect(await violations(file, "import { X } from '../../api/src/api.module';")).toEqual([
      expect.stringContaining('through their entry point only'),
    ]);
    expect(await violations(file, "import { X } from '@app/api/payments/x';")).toEqual([
      expect.stringContaining('through their entry point only'),
    ]);
  });

  it('a library is used through its index, never a file inside it', async () => {
    expect(
      await violations('apps/api/src/a.ts', "import { X } from '@lib/event-store/sqlite/schema';"),
    ).toEqual([expect.stringContaining('not a file inside it')]);
  });

  it('allows what the layers are for', async () => {
    const allowed: [string, string][] = [
      ['apps/api/src/a.ts', "import { PaymentStore } from '@lib/payments';"],
      ['apps/api/src/payments/a.ts', "import { X } from '../http';"],
      ['apps/worker/src/a.ts', "import { DueWork } from '@lib/payments';"],
      ['libs/payments/src/a.ts', "import { SettlementDays } from '@lib/settlement';"],
      ['libs/payments/src/a.ts', "import { PaymentStore } from './payment-store';"],
    ];
    for (const [file, code] of allowed) expect(await violations(file, code)).toEqual([]);
  });
});

/** Every TypeScript file under `folder`, relative to the root. */
function sourcesUnder(folder: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(folder, file));
}

describe('the real tree', () => {
  it('has no boundary violation (what `npm run lint` also checks)', async () => {
    const found: string[] = [];
    for (const file of [...sourcesUnder('apps'), ...sourcesUnder('libs')]) {
      const code = fs.readFileSync(path.join(ROOT, file), 'utf8');
      found.push(...(await violations(file, code)).map((message) => `${file}: ${message}`));
    }
    expect(found).toEqual([]);
  });
});
