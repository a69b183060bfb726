// @ts-check
'use strict';
/**
 * ESLint rule `ledger/boundaries`: the import boundaries of the monorepo (docs/adr/0008), decided
 * on where an import actually lands, so a relative path (`'../../../api/src/…'`) is caught as
 * surely as an alias (`'@app/api'`):
 * - an app never imports another app; only the composition root (apps/server) imports the apps,
 *   and then only their entry points (`@app/api`, `@app/worker`);
 * - a library never imports an app;
 * - nobody reaches into a library past its index (`@lib/event-store/…`), or into an app past its
 *   index from outside it.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSITION_ROOT = 'server';

/** `{ kind: 'apps' | 'libs', name, rest }` for a path inside apps/ or libs/, else null. */
function placeOf(absolute) {
  const [kind, name, ...rest] = path.relative(ROOT, absolute).split(path.sep);
  if ((kind !== 'apps' && kind !== 'libs') || name === undefined || name === '..') return null;
  return { kind, name, rest: rest.join('/') };
}

/** Where an import specifier lands, for the specifiers that can land in apps/ or libs/. */
function targetOf(specifier, fromFile) {
  const alias = /^@(app|lib)\/([^/]+)(?:\/(.*))?$/.exec(specifier);
  if (alias !== null) {
    const [, kind, name, rest] = alias;
    return { kind: kind === 'app' ? 'apps' : 'libs', name, rest: rest ?? '', alias: true };
  }
  if (!specifier.startsWith('.')) return null;
  const place = placeOf(path.resolve(path.dirname(fromFile), specifier));
  return place === null ? null : { ...place, alias: false };
}

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep apps apart and libraries below them (docs/adr/0008)' },
    schema: [],
    messages: {
      appImportsApp:
        'apps/{{from}} imports apps/{{to}}: an app never imports another app (only apps/server composes them, through their index).',
      libImportsApp: 'libs/{{from}} imports apps/{{to}}: a library never imports an app.',
      deepAppImport:
        'apps/server composes the apps through their entry point only: import "@app/{{to}}".',
      deepLibImport:
        'Import "@lib/{{to}}", not a file inside it: a library is used through its index.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = placeOf(file);
    if (from === null) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const to = targetOf(specifier, file);
      if (to === null || (to.kind === from.kind && to.name === from.name)) return;
      const data = { from: from.name, to: to.name };
      if (to.kind === 'libs') {
        if (to.alias && to.rest !== '') context.report({ node, messageId: 'deepLibImport', data });
        return;
      }
      if (from.kind === 'libs') return context.report({ node, messageId: 'libImportsApp', data });
      if (from.name !== COMPOSITION_ROOT) {
        return context.report({ node, messageId: 'appImportsApp', data });
      }
      if (!to.alias || to.rest !== '') context.report({ node, messageId: 'deepAppImport', data });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) =>
        node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression(node) {
        const [argument] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          argument?.type === 'Literal'
        ) {
          check(argument, argument.value);
        }
      },
    };
  },
};

module.exports = { rules: { boundaries } };
