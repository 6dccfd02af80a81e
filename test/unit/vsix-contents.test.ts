// The VSIX holds exactly the files the installed extension uses, and the VS Code API types match the oldest
// VS Code the manifest accepts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import semver from 'semver';
import { NOT_STAGED, packagedFiles, ROOT, stageRepository, vsixPath } from '../../scripts/package-vsix';

interface Manifest {
  name: string;
  version: string;
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** Every file below `folder` (relative to the repository), with `/` separators. */
function filesUnder(folder: string, accept: (name: string) => boolean = () => true): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length + 1).replace(/\\/g, '/'));
}

let stage = '';
let packaged: string[] = [];

before(async () => {
  stage = mkdtempSync(join(tmpdir(), 'shipshape-vsix-'));
  stageRepository(ROOT, stage);
  // Whatever the last build left in dist/, the stage has the bundles and the WebAssembly they load, plus what
  // must stay out: source maps, the CLI and action bundles and README screenshots.
  mkdirSync(join(stage, 'dist'), { recursive: true });
  mkdirSync(join(stage, 'docs', 'images'), { recursive: true });
  for (const decoy of ['dist/client.js', 'dist/server.js', 'dist/sql-wasm.wasm', 'dist/cli.js', 'dist/action.js', 'dist/client.js.map', 'dist/server.js.map', 'docs/images/screenshot.png']) {
    writeFileSync(join(stage, decoy), '// staged by vsix-contents.test.ts\n');
  }
  packaged = await packagedFiles(stage);
});

after(() => rmSync(stage, { recursive: true, force: true }));

test('the VSIX holds the bundles, sql.js\'s WebAssembly, the manifest, the documents, the schema, the grammar and the icon, and nothing else', () => {
  const expected = [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/client.js',
    'dist/server.js',
    'dist/sql-wasm.wasm',
    'images/icon.png',
    'package.json',
    ...filesUnder('docs', (name) => name.endsWith('.md')),
    ...filesUnder('schemas'),
    ...filesUnder('syntaxes'),
  ].sort();
  assert.deepEqual(packaged, expected);
});

test('the rule pages, the schema and the grammar are really in it', () => {
  assert.ok(packaged.includes('docs/rules/user-missing.md'));
  assert.ok(packaged.includes('schemas/shipshape.schema.json'));
  assert.ok(packaged.includes('syntaxes/shipshape-suppressions.injection.tmLanguage.json'));
});

test('source maps, the CLI and action bundles, sources, tests, examples and screenshots stay out', () => {
  const leaked = packaged.filter((file) => /\.map$|^dist\/(cli|action)\.js$|^(client|server|test|examples|scripts|e2e|bench)\/|^docs\/images\//.test(file));
  assert.deepEqual(leaked, []);
});

test('the entry point named by package.json is packaged', () => {
  assert.ok(packaged.includes(manifest.main.replace(/^\.\//, '')), `${manifest.main} is missing from the VSIX`);
});

test('no file .vscodeignore lets in lies in a folder the packaging script does not stage', () => {
  const allowed = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
  assert.ok(allowed.length > 0, '.vscodeignore should be an allow-list of ! patterns');
  const unreachable = allowed.filter((pattern) => NOT_STAGED.some((entry) => pattern === entry || pattern.startsWith(`${entry}/`)));
  assert.deepEqual(unreachable, []);
});

test('the VSIX is written outside the packaged folders, named after the package and its version', () => {
  assert.equal(vsixPath().slice(ROOT.length + 1).replace(/\\/g, '/'), `build/${manifest.name}-${manifest.version}.vsix`);
});

test('@types/vscode is no newer than the oldest VS Code that engines.vscode accepts', () => {
  const oldest = semver.minVersion(manifest.engines.vscode);
  assert.ok(oldest, `engines.vscode "${manifest.engines.vscode}" is not a version range`);
  assert.equal(oldest.version, '1.91.0');
  const typesRange = manifest.devDependencies['@types/vscode'];
  assert.ok(typesRange, '@types/vscode is not a devDependency');
  const typesOldest = semver.minVersion(typesRange);
  assert.ok(typesOldest);
  assert.equal(`${typesOldest.major}.${typesOldest.minor}`, `${oldest.major}.${oldest.minor}`, `@types/vscode ${typesRange} does not start at VS Code ${oldest.version}`);
  const nextMinor = `${oldest.major}.${oldest.minor + 1}.0`;
  assert.equal(semver.satisfies(nextMinor, typesRange), false, `@types/vscode ${typesRange} lets npm install the ${nextMinor} API, newer than engines.vscode`);
  const installed = (JSON.parse(readFileSync(join(ROOT, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')) as { version: string }).version;
  assert.ok(semver.satisfies(installed, typesRange), `installed @types/vscode ${installed} is outside ${typesRange}`);
  assert.ok(semver.satisfies(`${semver.major(installed)}.${semver.minor(installed)}.0`, manifest.engines.vscode), `@types/vscode ${installed} is outside engines.vscode`);
});
