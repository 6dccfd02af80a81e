import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeInventory } from '../../server/src/scan/inventory';
import { isPythonMetadataPath, normalizePythonName, parsePythonMetadata } from '../../server/src/scan/inventory/python';
import { imageFiles } from '../helpers/image-files';

const SITE = 'usr/local/lib/python3.12/site-packages';

function metadata(name: string, version: string, extra = ''): string {
  return `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: A package\nClassifier: Programming Language :: Python\n${extra}\nName: not-a-header\nVersion: 0.0.0\nThe long description follows the blank line.\n`;
}

describe('Python metadata', () => {
  it('recognises dist-info METADATA, egg-info PKG-INFO and egg-info files', () => {
    assert.equal(isPythonMetadataPath(`${SITE}/requests-2.31.0.dist-info/METADATA`), true);
    assert.equal(isPythonMetadataPath(`${SITE}/PyYAML.egg-info/PKG-INFO`), true);
    assert.equal(isPythonMetadataPath('usr/lib/python3/dist-packages/six-1.16.0.egg-info'), true);
    assert.equal(isPythonMetadataPath(`${SITE}/requests-2.31.0.dist-info/RECORD`), false);
    assert.equal(isPythonMetadataPath(`${SITE}/requests/METADATA`), false);
    assert.equal(isPythonMetadataPath(`${SITE}/.dist-info/METADATA`), false);
    assert.equal(isPythonMetadataPath(`${SITE}/x.egg-info/METADATA`), false);
    assert.equal(isPythonMetadataPath('.egg-info'), false);
  });

  it('reads Name and Version from the headers only', () => {
    assert.deepEqual(parsePythonMetadata(Buffer.from(metadata('Flask', '3.0.2', 'Description: first line\n        folded: line\n'))), {
      name: 'Flask',
      version: '3.0.2',
      ecosystem: 'pypi',
    });
    assert.deepEqual(parsePythonMetadata(Buffer.from('Metadata-Version: 1.0\r\nname: zope.interface\r\nversion: 6.2\r\n')), {
      name: 'zope.interface',
      version: '6.2',
      ecosystem: 'pypi',
    });
    assert.equal(parsePythonMetadata(Buffer.from('Metadata-Version: 2.1\nName: nameless-version\n')), undefined);
    assert.equal(parsePythonMetadata(Buffer.from('Metadata-Version: 2.1\n\nName: after-the-headers\nVersion: 1.0\n')), undefined);
    assert.equal(parsePythonMetadata(Buffer.from('Name: -bad-\nVersion: 1.0\n')), undefined);
    assert.deepEqual(
      parsePythonMetadata(Buffer.from('Metadata-Version: 2.4\nName: attrs\nVersion: 24.2.0\nLicense: MIT License\nLicense-Expression: MIT\n')),
      { name: 'attrs', version: '24.2.0', ecosystem: 'pypi', license: 'MIT' },
      'License-Expression is preferred to the free-text License',
    );
    assert.deepEqual(parsePythonMetadata(Buffer.from('Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n')), { name: 'six', version: '1.16.0', ecosystem: 'pypi', license: 'MIT' });
  });

  it('normalises names as PEP 503 does', () => {
    assert.equal(normalizePythonName('Friendly-Bard'), 'friendly-bard');
    assert.equal(normalizePythonName('FRIENDLY_BARD'), 'friendly-bard');
    assert.equal(normalizePythonName('friendly.bard'), 'friendly-bard');
    assert.equal(normalizePythonName('Friendly-._.-Bard'), 'friendly-bard');
  });
});

describe('Python in the inventory', () => {
  it('lists dist-info and egg-info installs with normalised purls', async () => {
    const inventory = await takeInventory(
      imageFiles({
        [`${SITE}/Flask-3.0.2.dist-info/METADATA`]: { content: metadata('Flask', '3.0.2'), layer: 5 },
        [`${SITE}/Flask-3.0.2.dist-info/RECORD`]: 'flask/__init__.py,,\n',
        [`${SITE}/zope.interface-6.2.dist-info/METADATA`]: { content: metadata('zope.interface', '6.2'), layer: 5 },
        [`${SITE}/typing_extensions-4.9.0.dist-info/METADATA`]: { content: metadata('typing_extensions', '4.9.0'), layer: 5 },
        [`${SITE}/PyYAML.egg-info/PKG-INFO`]: { content: metadata('PyYAML', '6.0.1'), layer: 6 },
        'usr/lib/python3/dist-packages/six-1.16.0.egg-info': { content: metadata('six', '1.16.0'), layer: 1 },
        [`${SITE}/broken-1.0.dist-info/METADATA`]: 'not metadata at all',
      }),
    );
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(
      inventory.packages.map((pkg) => [pkg.name, pkg.purl, pkg.layerIndex]),
      [
        ['Flask', 'pkg:pypi/flask@3.0.2', 5],
        ['PyYAML', 'pkg:pypi/pyyaml@6.0.1', 6],
        ['six', 'pkg:pypi/six@1.16.0', 1],
        ['typing_extensions', 'pkg:pypi/typing-extensions@4.9.0', 5],
        ['zope.interface', 'pkg:pypi/zope-interface@6.2', 5],
      ],
    );
    assert.equal(inventory.packages[0]!.path, `${SITE}/Flask-3.0.2.dist-info/METADATA`);
  });
});
