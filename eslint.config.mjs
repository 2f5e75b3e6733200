import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The rooms and which way their imports may point (README → Architecture): inner rooms never
 * import outer ones, the pure rooms never import `vscode`, and the webview sees only `shared/`.
 */
const rooms = (...names) => names.map((n) => `**/${n}/*`);
const restrict = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'server/dist/**', 'server/node_modules/**', 'out/**', 'node_modules/**', 'test-results/**', '.bench/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', window: 'readonly', document: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', exports: 'writable' },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'No default exports.' },
        // #24: zod's named `z` re-export bundles every locale and the JSON-schema converters (extension.js 814 → 455 kB).
        { selector: "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z']", message: "Import zod as a namespace (import * as z from 'zod'): a named import bundles all of zod." },
      ],
    },
  },
  restrict(['src/shared/**'], ['vscode', 'node:*', ...rooms('sources', 'core', 'engine', 'sync', 'ui', 'platform', 'cli', 'demo')], 'shared/ holds types, schemas and formatting: it imports nothing but zod.'),
  restrict(['src/sources/**'], ['vscode', ...rooms('core', 'engine', 'sync', 'ui', 'platform', 'cli', 'demo')], 'sources/ is bytes in, records out: it may use shared/ only.'),
  restrict(['src/core/**'], ['vscode', 'node:fs', ...rooms('engine', 'sync', 'ui', 'platform', 'cli', 'demo')], 'core/ is pure: shared/ and sources/ types only.'),
  restrict(['src/engine/**'], ['vscode', ...rooms('sync', 'ui', 'platform', 'cli')], 'engine/ never knows VS Code, reporting or the UI (it may read demo/\'s generated home).'),
  restrict(['src/sync/**'], ['vscode', ...rooms('sources', 'ui', 'platform', 'cli', 'demo'), '**/engine/*', '!**/engine/cacheLease'], 'sync/ is reporting without a UI: shared/ and core/ only (the ledger comes in through an interface), and the one-writer-at-a-time lease (engine/cacheLease) for the outbox every window shares.'),
  restrict(['src/ui/**'], [...rooms('sources', 'cli', 'demo'), '**/engine/*', '!**/engine/liveLedger'], 'ui/ may use the ledger service (engine/liveLedger), not the engine\'s internals.'),
  restrict(['src/platform/**'], rooms('ui', 'cli', 'demo'), 'platform/ is below ui/: the UI uses it, not the other way round.'),
  restrict(['src/cli/**'], ['vscode', ...rooms('ui', 'platform', 'sync')], 'The CLI runs without VS Code.'),
  restrict(['src/demo/**'], ['vscode', ...rooms('sources', 'core', 'engine', 'sync', 'ui', 'platform', 'cli')], 'demo/ only builds log lines.'),
  restrict(['webview/**'], ['vscode', 'node:*', '../src/*', '!../src/shared', '../src/*/**', '!../src/shared/**'], 'The webview is a browser page: it may import src/shared/ only.'),
  restrict(['server/web/**'], ['vscode', 'node:*', '**/src/*', '!**/src/shared', '**/src/*/**', '!**/src/shared/**', '**/server/src/**'], 'The dashboard is a browser page: it may import src/shared/ only.'),
  restrict(['server/src/**'], ['vscode', ...['sources', 'engine', 'sync', 'ui', 'platform', 'cli', 'demo'].map((n) => `**/src/${n}/*`), '!**/src/sync/orgApi', '!**/src/sync/orgApi/*'], 'The backend shares src/shared/, src/core/ and the org API clients (src/sync/orgApi/) with the extension, nothing else.'),
  {
    files: ['src/**'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
);
