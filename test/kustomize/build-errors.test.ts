// Bad input gives one KustomizeError naming the kustomization line that caused it — never a crash or a hang.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildKustomization, type KustomizeFileSystem } from '../../server/src/engine/languages/kustomize/build';
import { buildWorkspace } from '../../server/src/engine/languages/kustomize/lint-workspace';
import { sourceLocation } from '../../server/src/engine/languages/kustomize/origins';
import { KustomizeError } from '../../server/src/engine/languages/kustomize/values';
import { LineIndex } from '../../server/src/engine/text';
import { nodeKustomizeFileSystem, toBuildPath } from '../../server/src/host/kustomize-files';

const BAD = toBuildPath(path.join(import.meta.dirname, '..', 'fixtures', 'kustomize', 'bad'));

/** The error of building `dir`, with the file and 1-based line it points at. */
function failure(fs: KustomizeFileSystem, dir: string): { message: string; file: string; line: number; text: string } {
  try {
    buildKustomization(fs, dir);
  } catch (error) {
    assert.ok(error instanceof KustomizeError, `expected a KustomizeError, got ${String(error)}`);
    assert.ok(error.origin, `no origin for: ${error.message}`);
    const { file, range } = sourceLocation(error.origin, (p) => fs.readFile(p));
    const source = fs.readFile(file) ?? '';
    const position = new LineIndex(source).positionAt(range.start);
    return { message: error.message, file: path.posix.relative(BAD, file), line: position.line + 1, text: source.split('\n')[position.line] ?? '' };
  }
  assert.fail(`${dir} built without an error`);
}

describe('kustomize build errors', () => {
  const fs = nodeKustomizeFileSystem;
  test('a cycle between kustomizations', () => {
    const result = failure(fs, `${BAD}/cycle/a`);
    assert.match(result.message, /^Cycle: .*cycle\/a -> .*cycle\/b -> .*cycle\/a includes itself\.$/);
    assert.equal(result.file, 'cycle/b/kustomization.yaml');
    assert.equal(result.text, '- ../a');
  });
  test('a resource that does not exist', () => {
    const result = failure(fs, `${BAD}/missing-resource`);
    assert.match(result.message, /The resource "gone.yaml" does not exist/);
    assert.deepEqual([result.file, result.line, result.text], ['missing-resource/kustomization.yaml', 3, '- gone.yaml']);
  });
  test('a strategic merge patch that targets nothing', () => {
    const result = failure(fs, `${BAD}/patch-no-target`);
    assert.match(result.message, /no resource matches strategic merge patch "ConfigMap.v1.\[noGrp\]\/nomatch.\[noNs\]"/);
    assert.deepEqual([result.file, result.text], ['patch-no-target/kustomization.yaml', '- path: patch.yaml']);
  });
  test('a JSON patch with a bad path points at the operation inside the inline patch', () => {
    const result = failure(fs, `${BAD}/json-bad-path`);
    assert.match(result.message, /"\/spec\/missing\/deeper" does not exist/);
    assert.deepEqual([result.file, result.line, result.text], ['json-bad-path/kustomization.yaml', 7, '    - op: replace']);
  });
  test('a generator file that is missing', () => {
    const result = failure(fs, `${BAD}/missing-generator-file`);
    assert.match(result.message, /The generator file "absent.env" does not exist/);
    assert.deepEqual([result.file, result.text], ['missing-generator-file/kustomization.yaml', '  - absent.env']);
  });
  test('a ../ path that leaves the kustomization folder is refused like kustomize\'s load restrictor', () => {
    const result = failure(fs, `${BAD}/escape/inner`);
    assert.match(result.message, /outside the kustomization folder .*load restrictor/);
    assert.deepEqual([result.file, result.text], ['escape/inner/kustomization.yaml', '- ../outside/cm.yaml']);
  });
  test('remote resources are reported, not followed', () => {
    const result = buildKustomization(fs, `${BAD}/remote`);
    assert.equal(result.resources.length, 1);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0]!.message, /remote resource "https:\/\/github.com\/example\/repo\/\/deploy\?ref=v1" was not fetched/);
  });
  test('two kustomization files in one folder', () => {
    assert.throws(() => buildKustomization(fs, `${BAD}/multiple-files`), /Found multiple kustomization files .*kustomization.yaml, kustomization.yml/);
  });
});

/** An in-memory tree, with Windows-style drive paths as the host hands them over. */
function memoryFileSystem(files: Record<string, string>): KustomizeFileSystem {
  return {
    readFile: (p) => files[p],
    isDirectory: (p) => Object.keys(files).some((file) => file.startsWith(`${p}/`)),
  };
}

describe('kustomize build robustness', () => {
  test('a huge generated ConfigMap builds, and is reported on its generator line', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const fs = memoryFileSystem({
      'C:/proj/kustomization.yaml': 'configMapGenerator:\n- name: big\n  files:\n  - big.txt\n',
      'C:/proj/big.txt': big,
    });
    const started = Date.now();
    const result = buildKustomization(fs, 'C:/proj');
    assert.ok(Date.now() - started < 5000);
    assert.equal(result.resources.length, 1);
    const warning = result.warnings.find((item) => /1 MiB/.test(item.message));
    assert.ok(warning, 'expected a size warning');
    assert.equal(warning.origin?.file, 'C:/proj/kustomization.yaml');
    assert.equal(readSlice(fs, warning.origin!), 'name: big\n  files:\n  - big.txt\n');
  });
  test('an alias bomb in a resource is refused', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++) bomb.push(`  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const fs = memoryFileSystem({ '/k/kustomization.yaml': 'resources:\n- bomb.yaml\n', '/k/bomb.yaml': bomb.join('\n') });
    assert.throws(() => buildKustomization(fs, '/k'), (error: unknown) => error instanceof KustomizeError && /aliases/.test(error.message) && error.origin?.file === '/k/kustomization.yaml');
  });
  test('YAML errors in a resource are reported on its resources: entry', () => {
    const fs = memoryFileSystem({ '/k/kustomization.yaml': 'resources:\n- broken.yaml\n', '/k/broken.yaml': 'apiVersion: v1\nkind: [\n' });
    assert.throws(() => buildKustomization(fs, '/k'), (error: unknown) => error instanceof KustomizeError && /YAML error/.test(error.message) && error.origin?.range.start === 13);
  });
  test('a value the output cannot hold (.inf) fails the build with kustomize\'s message, not a crash', () => {
    const fs = memoryFileSystem({ '/k/kustomization.yaml': 'resources:\n- cm.yaml\n', '/k/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\nspec: {x: .inf}\n' });
    const [unit] = buildWorkspace(fs, ['/k']);
    assert.match(unit?.error?.message ?? '', /json: unsupported value: \+Inf/);
  });
  test('an empty kustomization file', () => {
    const fs = memoryFileSystem({ '/k/kustomization.yaml': '# nothing\n', '/k/x': '' });
    assert.throws(() => buildKustomization(fs, '/k'), /is empty/);
  });
});

function readSlice(fs: KustomizeFileSystem, origin: { file: string; range: { start: number; end: number } }): string {
  return (fs.readFile(origin.file) ?? '').slice(origin.range.start, origin.range.end);
}

test('fixtures are real files', () => {
  assert.ok(readFileSync(path.join(BAD, 'cycle', 'a', 'kustomization.yaml'), 'utf8').includes('../b'));
});
