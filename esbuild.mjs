// Bundles the three entry points. Everything the product ships is one file per front, plus sql.js's
// WebAssembly beside them: kept as a file (not inlined as base64) so starting the CLI or the server does not
// parse a megabyte it rarely needs; sql.js reads it from the bundle's folder when an image has an rpm database.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// `--outdir DIR` builds somewhere else than dist/ (the npm package is staged from its own production build).
const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag === -1 ? 'dist' : process.argv[outdirFlag + 1];

const entries = [
  { in: 'server/src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'server/src/lsp/main.ts', out: 'server', banner: '#!/usr/bin/env node' },
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/action/main.ts', out: 'action' },
].filter((entry) => existsSync(entry.in));

const SQL_WASM = 'sql-wasm.wasm';
mkdirSync(outdir, { recursive: true });
copyFileSync(createRequire(import.meta.url).resolve(`sql.js/dist/${SQL_WASM}`), `${outdir}/${SQL_WASM}`);

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: { [entry.out]: entry.in },
      outdir,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      sourcemap: production ? false : 'linked',
      minify: production,
      banner: entry.banner ? { js: entry.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
