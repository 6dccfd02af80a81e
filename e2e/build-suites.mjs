// Bundles the extension-host suites into dist/e2e/suites.js: inside the extension folder, as VS Code requires of
// extensionTestsPath, and outside what the VSIX packages. vscode and mocha come from the host and node_modules.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await esbuild.build({
  entryPoints: [join(root, 'e2e', 'suites', 'index.ts')],
  outfile: join(root, 'dist', 'e2e', 'suites.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
