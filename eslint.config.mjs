// Lint rules, including the layer boundaries of the architecture:
// engine <- rules <- {cli, lsp}; the engine and rules do no I/O; the client talks to the server only
// through server/src/protocol.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noIo = [
  { name: 'node:fs', message: 'The engine and rules are pure: read files in server/src/host.' },
  { name: 'fs', message: 'The engine and rules are pure: read files in server/src/host.' },
  { name: 'node:fs/promises', message: 'The engine and rules are pure: read files in server/src/host.' },
  { name: 'node:child_process', message: 'The engine and rules never run programs.' },
  { name: 'node:http', message: 'Network access belongs in server/src/scan.' },
  { name: 'node:https', message: 'Network access belongs in server/src/scan.' },
  { name: 'vscode', message: 'Only the client may import vscode.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', '.tmp/**', 'esbuild.mjs', 'eslint.config.mjs', 'scripts/*.mjs', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  // Later blocks replace this one for the engine and rules, which repeat the vscode ban in noIo.
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only the client may import vscode.' }], patterns: [{ group: ['**/client/**'], message: 'The server never imports the client.' }] }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noIo,
          patterns: [
            { group: ['**/rules/**', '**/rules', '../../rules*'], message: 'The engine does not know the rules; rules depend on the engine.' },
            { group: ['**/cli/**', '**/lsp/**', '**/host/**', '**/scan/**'], message: 'The engine is host-agnostic.' },
            { group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'The engine knows nothing of LSP.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/rules/**/*.ts'],
    ignores: ['server/src/rules/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noIo,
          patterns: [
            { group: ['./*', '!./index'], message: 'Rules do not import other rules; put shared logic in server/src/engine.' },
            { group: ['**/cli/**', '**/lsp/**', '**/host/**', '**/scan/**'], message: 'Rules depend only on the engine.' },
            { group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'Rules know nothing of LSP.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/src/**', '!**/server/src/protocol', '!**/server/src/config-template'], message: 'The client imports only server/src/protocol.ts and config-template.ts.' },
          ],
        },
      ],
    },
  },
  // The client's pure helpers are unit-tested in Node, where there is no vscode module.
  {
    files: ['client/src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'client/src/util is tested without VS Code; keep vscode out of it.' }],
          patterns: [{ group: ['**/server/src/**', '!**/server/src/protocol'], message: 'The client imports only server/src/protocol.ts.' }],
        },
      ],
    },
  },
);
