#!/usr/bin/env node
'use strict';
/**
 * `npx ledger …` (package.json `bin`): the CLI of apps/cli. It runs the build in dist/ when that
 * build is at least as new as every source file it was made from (about 0.3 s to start; `npm
 * start` and `npm run build` make it), and otherwise compiles the TypeScript sources on the fly
 * with ts-node (about 3 s), so it never runs stale code. An install without dev dependencies
 * has only the build.
 */
const { existsSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const sources = path.join(root, 'apps', 'cli', 'src', 'main.ts');
const built = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');

/** The newest modification time of the TypeScript under the folders the CLI is built from. */
function newestSource() {
  let newest = 0;
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const top of ['apps', 'libs']) {
    const folder = path.join(root, top);
    if (existsSync(folder)) visit(folder);
  }
  return newest;
}

function canCompile() {
  try {
    require.resolve('ts-node', { paths: [root] });
    require.resolve('tsconfig-paths', { paths: [root] });
    return existsSync(sources);
  } catch {
    return false;
  }
}

const buildIsCurrent =
  existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestSource());

if (buildIsCurrent) {
  require(built);
} else if (canCompile()) {
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
