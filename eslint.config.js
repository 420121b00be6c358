// Lint rules, including the layer table of ARCHITECTURE.md as import restrictions: the engine never imports
// electron, src-shared imports nothing from Node/DOM/Electron, the renderer never reaches into src-main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'crypto', 'child_process', 'net', 'url', 'events', 'stream', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', window: 'readonly', document: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'src-shared is plain data and logic: no Node modules.' },
          { group: ['electron', '**/src-main/**', '**/src-renderer/**', 'react', 'react-dom'], message: 'src-shared imports nothing from the faces or the engine.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/engine/**', 'src-main/server/**', 'src-main/demo/**', 'src-main/cli*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The engine, server and CLI run in plain Node; Electron lives in src-main/desktop only.' },
          { group: ['**/desktop/**', '**/src-renderer/**'], message: 'Imports go against the layer table in ARCHITECTURE.md.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/engine/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'The engine runs in plain Node; Electron lives in src-main/desktop only.' },
          { group: ['**/desktop/**', '**/server/**', '**/cli.js', '**/src-renderer/**'], message: 'The engine knows nothing of its faces (ARCHITECTURE.md).' },
          { group: ['**/demo/**'], message: 'The engine has no demo code: the composition root passes the demo API in (EngineOptions.demo).' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src-main/**', 'electron'], message: 'The renderer talks to the engine only through the contract in src-shared.' },
          { group: nodeBuiltins, message: 'The renderer runs in a browser sandbox: no Node modules.' },
        ],
      }],
    },
  },
);
