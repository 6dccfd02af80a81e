import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeInventory } from '../../server/src/scan/inventory';
import { isNpmManifestPath, parseNpmManifest } from '../../server/src/scan/inventory/npm';
import { imageFiles } from '../helpers/image-files';

function manifest(fields: object): string {
  return JSON.stringify({ description: 'test package', license: 'MIT', ...fields });
}

describe('npm manifests', () => {
  it('recognises the package.json of installed packages only', () => {
    for (const path of [
      'app/node_modules/express/package.json',
      'app/node_modules/@babel/core/package.json',
      'app/node_modules/express/node_modules/debug/package.json',
      'app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json',
      'usr/local/lib/node_modules/npm/package.json',
    ]) {
      assert.equal(isNpmManifestPath(path), true, path);
    }
    for (const path of [
      'app/package.json',
      'app/node_modules/package.json',
      'app/node_modules/@babel/package.json',
      'app/node_modules/express/lib/package.json',
      'app/node_modules/@babel/core/lib/package.json',
      'app/node_modules/.bin/package.json',
      'app/node_modules/@/core/package.json',
      'app/node_modules/express/package.json.bak',
    ]) {
      assert.equal(isNpmManifestPath(path), false, path);
    }
  });

  it('takes name, version and declared licence, ignoring files that name no published package', () => {
    assert.deepEqual(parseNpmManifest(Buffer.from(manifest({ name: '@types/node', version: '20.11.5' }))), { name: '@types/node', version: '20.11.5', ecosystem: 'npm', license: 'MIT' });
    assert.deepEqual(parseNpmManifest(Buffer.from(`\uFEFF${manifest({ name: 'JSONStream', version: '1.3.5', license: { type: '(MIT OR Apache-2.0)' } })}`)), { name: 'JSONStream', version: '1.3.5', ecosystem: 'npm', license: '(MIT OR Apache-2.0)' });
    assert.deepEqual(parseNpmManifest(Buffer.from(manifest({ name: 'left-pad', version: '1.3.0', license: 'UNKNOWN' }))), { name: 'left-pad', version: '1.3.0', ecosystem: 'npm' }, 'a placeholder is no licence');
    for (const text of [
      manifest({ name: 'workspace-app', private: true }),
      manifest({ version: '1.0.0' }),
      manifest({ name: 'x', version: 1 }),
      manifest({ name: 'has space', version: '1.0.0' }),
      manifest({ name: 'x', version: '' }),
      manifest({ name: 'a'.repeat(215), version: '1.0.0' }),
      '{"name": "truncated", "vers',
      '[1, 2]',
      'null',
    ]) {
      assert.equal(parseNpmManifest(Buffer.from(text)), undefined, text);
    }
  });
});

describe('npm in the inventory', () => {
  it('lists nested and scoped packages with the layer of their package.json', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'app/package.json': manifest({ name: 'my-app', version: '1.0.0' }),
        'app/node_modules/express/package.json': { content: manifest({ name: 'express', version: '4.18.2' }), layer: 3 },
        'app/node_modules/express/node_modules/debug/package.json': { content: manifest({ name: 'debug', version: '2.6.9' }), layer: 3 },
        'app/node_modules/debug/package.json': { content: manifest({ name: 'debug', version: '4.3.4' }), layer: 3 },
        'app/node_modules/@babel/core/package.json': { content: manifest({ name: '@babel/core', version: '7.23.9' }), layer: 4 },
        'app/node_modules/@babel/core/lib/package.json': manifest({ type: 'module' }),
        'app/node_modules/broken/package.json': '{',
      }),
    );
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(
      inventory.packages.map((pkg) => [pkg.purl, pkg.path, pkg.layerIndex]),
      [
        ['pkg:npm/%40babel/core@7.23.9', 'app/node_modules/@babel/core/package.json', 4],
        ['pkg:npm/debug@2.6.9', 'app/node_modules/express/node_modules/debug/package.json', 3],
        ['pkg:npm/debug@4.3.4', 'app/node_modules/debug/package.json', 3],
        ['pkg:npm/express@4.18.2', 'app/node_modules/express/package.json', 3],
      ],
    );
    assert.deepEqual(inventory.packages[0], {
      name: '@babel/core',
      version: '7.23.9',
      ecosystem: 'npm',
      path: 'app/node_modules/@babel/core/package.json',
      layerIndex: 4,
      purl: 'pkg:npm/%40babel/core@7.23.9',
      license: 'MIT',
    });
  });

  it('keeps the same package installed at two paths, once each', async () => {
    const lodash = manifest({ name: 'lodash', version: '4.17.21' });
    const inventory = await takeInventory(imageFiles({ 'a/node_modules/lodash/package.json': lodash, 'b/node_modules/lodash/package.json': lodash }));
    assert.deepEqual(
      inventory.packages.map((pkg) => pkg.path),
      ['a/node_modules/lodash/package.json', 'b/node_modules/lodash/package.json'],
    );
  });
});
