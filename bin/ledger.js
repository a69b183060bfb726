#!/usr/bin/env node
'use strict';
/**
 * `npx ledger …` (package.json `bin`): the CLI of apps/cli. In a checkout with dev dependencies
 * it runs the TypeScript sources (never a stale build); in an install without them, the build
 * that `npm run build` leaves in dist/.
 */
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sources = path.join(root, 'apps', 'cli', 'src', 'main.ts');
const built = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

function canCompile() {
  try {
    require.resolve('ts-node', { paths: [root] });
    require.resolve('tsconfig-paths', { paths: [root] });
    return existsSync(sources);
  } catch {
    return false;
  }
}

if (canCompile()) {
  require(require.resolve('ts-node', { paths: [root] })).register({
    project: path.join(root, 'tsconfig.json'),
    transpileOnly: true,
  });
  require(require.resolve('tsconfig-paths', { paths: [root] })).register({
    baseUrl: root,
    paths: { '@lib/*': ['libs/*/src'], '@app/*': ['apps/*/src'] },
  });
  require(sources);
} else if (existsSync(built)) {
  require(built);
} else {
  process.stderr.write('ledger: no build found; run `npm run build` first\n');
  process.exitCode = 1;
}
