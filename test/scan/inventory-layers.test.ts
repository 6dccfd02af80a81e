import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVENTORY_FILES, takeInventory } from '../../server/src/scan/inventory';
import { imageFiles, link } from '../helpers/image-files';
import { rpmPackageHeader, rpmSqliteDatabase } from '../helpers/rpm-header';

function dpkgStatus(packages: Array<[name: string, version: string, arch?: string]>): string {
  return packages.map(([name, version, arch = 'amd64']) => `Package: ${name}\nStatus: install ok installed\nArchitecture: ${arch}\nVersion: ${version}\n`).join('\n');
}

function rpmdb(packages: Array<[name: string, version: string, release: string]>): Promise<Buffer> {
  return rpmSqliteDatabase(packages.map(([name, version, release]) => rpmPackageHeader({ name, version, release, arch: 'x86_64' })));
}

function layers(inventory: { packages: Array<{ name: string; arch?: string; layerIndex: number }> }): Record<string, number> {
  return Object.fromEntries(inventory.packages.map((pkg) => [`${pkg.name}${pkg.arch ? `:${pkg.arch}` : ''}`, pkg.layerIndex]));
}

describe('layer attribution', () => {
  it('gives each dpkg package the layer that installed its current version', async () => {
    const base = dpkgStatus([['libc6', '2.36-9'], ['tzdata', '2024a-0']]);
    const withCurl = dpkgStatus([['libc6', '2.36-9'], ['tzdata', '2024a-0'], ['curl', '7.88.1-10']]);
    const curlUpgraded = dpkgStatus([['libc6', '2.36-9'], ['tzdata', '2024a-0'], ['curl', '7.88.1-10+deb12u5']]);
    const withoutTzdata = dpkgStatus([['libc6', '2.36-9'], ['curl', '7.88.1-10+deb12u5']]);
    const final = dpkgStatus([['libc6', '2.36-9'], ['curl', '7.88.1-10+deb12u5'], ['tzdata', '2024a-0'], ['libc6', '2.36-9', 'i386']]);
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/dpkg/status': {
          content: final,
          layer: 6,
          history: [
            { layer: 0, content: base },
            { layer: 1, content: base },
            { layer: 2, content: withCurl },
            { layer: 3, content: curlUpgraded },
            { layer: 4, content: withoutTzdata },
            { layer: 6, content: final },
          ],
        },
      }),
    );
    assert.deepEqual(layers(inventory), { 'curl:amd64': 3, 'libc6:amd64': 0, 'libc6:i386': 6, 'tzdata:amd64': 6 });
  });

  it('keeps the layer of a package added in layer 2 and left alone while others were upgraded in layer 3', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'lib/apk/db/installed': {
          content: 'P:musl\nV:1.2.4-r3\nA:x86_64\n\nP:curl\nV:8.5.0-r0\nA:x86_64\n',
          layer: 3,
          history: [
            { layer: 0, content: 'P:musl\nV:1.2.4-r2\nA:x86_64\n' },
            { layer: 2, content: 'P:musl\nV:1.2.4-r2\nA:x86_64\n\nP:curl\nV:8.5.0-r0\nA:x86_64\n' },
          ],
        },
      }),
    );
    assert.deepEqual(layers(inventory), { 'curl:x86_64': 2, 'musl:x86_64': 3 });
  });

  it('uses the file layer when the reader kept no history', async () => {
    const inventory = await takeInventory(imageFiles({ 'var/lib/dpkg/status': { content: dpkgStatus([['bash', '5.2.15-2']]), layer: 4 } }));
    assert.deepEqual(layers(inventory), { 'bash:amd64': 4 });
  });

  it('compares earlier SQLite rpm databases too', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/rpm/rpmdb.sqlite': {
          content: await rpmdb([['bash', '5.1.8', '9.el9'], ['openssl-libs', '3.0.7', '27.el9'], ['jq', '1.6', '17.el9']]),
          layer: 3,
          history: [
            { layer: 0, content: await rpmdb([['bash', '5.1.8', '9.el9'], ['openssl-libs', '3.0.7', '24.el9']]) },
            { layer: 2, content: await rpmdb([['bash', '5.1.8', '9.el9'], ['openssl-libs', '3.0.7', '27.el9']]) },
          ],
        },
      }),
    );
    assert.deepEqual(layers(inventory), { 'bash:x86_64': 0, 'jq:x86_64': 3, 'openssl-libs:x86_64': 2 });
    assert.deepEqual(inventory.warnings, []);
  });

  it('stops at an earlier database that cannot be read, and says the layers may be late', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/rpm/rpmdb.sqlite': {
          content: await rpmdb([['bash', '5.1.8', '9.el9']]),
          layer: 3,
          history: [
            { layer: 0, content: await rpmdb([['bash', '5.1.8', '9.el9']]) },
            { layer: 1, content: Buffer.from('not sqlite') },
            { layer: 2, content: await rpmdb([['bash', '5.1.8', '9.el9']]) },
          ],
        },
      }),
    );
    assert.deepEqual(layers(inventory), { 'bash:x86_64': 2 });
    assert.deepEqual(inventory.warnings, [
      'An earlier version of /var/lib/rpm/rpmdb.sqlite could not be read, so some of its packages may be shown in a later layer than the one that installed them.',
    ]);
  });
});

describe('inventory assembly', () => {
  it('lists a package once when two databases record it, and reads a linked database once', async () => {
    const status = dpkgStatus([['libc6', '2.36-9']]);
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/dpkg/status': status,
        'var/lib/dpkg/status.d/libc6': 'Package: libc6\nArchitecture: amd64\nVersion: 2.36-9\n',
        'usr/lib/sysimage/rpm/rpmdb.sqlite': await rpmdb([['bash', '5.1.8', '9.el9']]),
        'var/lib/rpm/rpmdb.sqlite': link('var/lib/rpm/rpmdb.sqlite', '../../../usr/lib/sysimage/rpm/rpmdb.sqlite'),
      }),
    );
    assert.deepEqual(
      inventory.packages.map((pkg) => [pkg.name, pkg.path]),
      [
        ['libc6', 'var/lib/dpkg/status'],
        ['bash', 'usr/lib/sysimage/rpm/rpmdb.sqlite'],
      ],
    );
  });

  it('writes purls without a distribution when the OS is unknown', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/dpkg/status': dpkgStatus([['libstdc++6', '1:12.2.0-14']]),
        'lib/apk/db/installed': 'P:busybox\nV:1.36.1-r15\n',
      }),
    );
    assert.deepEqual(
      inventory.packages.map((pkg) => pkg.purl),
      ['pkg:deb/debian/libstdc%2B%2B6@1:12.2.0-14?arch=amd64', 'pkg:apk/alpine/busybox@1.36.1-r15'],
    );
  });

  it('uses the distribution id and codename when there is no version number', async () => {
    const inventory = await takeInventory(
      imageFiles({ 'etc/os-release': 'ID=ubuntu\nVERSION_CODENAME=noble\n', 'var/lib/dpkg/status': dpkgStatus([['bash', '5.2.21-2ubuntu4']]) }),
    );
    assert.equal(inventory.packages[0]!.purl, 'pkg:deb/ubuntu/bash@5.2.21-2ubuntu4?arch=amd64&distro=ubuntu-noble');
  });
});

describe('INVENTORY_FILES', () => {
  it('keeps the history of package databases', () => {
    for (const path of ['var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite']) {
      assert.equal(INVENTORY_FILES(path, 50_000_000), 'history', path);
    }
  });

  it('keeps release files, status.d entries and language manifests up to their size caps', () => {
    const wanted: Array<[string, number, boolean]> = [
      ['etc/os-release', 400, true],
      ['usr/lib/os-release', 400, true],
      ['etc/alpine-release', 7, true],
      ['etc/debian_version', 5, true],
      ['etc/redhat-release', 40, true],
      ['etc/os-release', 10_000_000, false],
      ['var/lib/dpkg/status.d/libc6', 2_000, true],
      ['var/lib/dpkg/status.d/libc6.md5sums', 2_000, false],
      ['app/node_modules/@scope/pkg/package.json', 3_000, true],
      ['app/node_modules/pkg/package.json', 50_000_000, false],
      ['app/package.json', 3_000, false],
      ['usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA', 20_000, true],
      ['usr/lib/python3/site-packages/PyYAML.egg-info/PKG-INFO', 20_000, true],
      ['usr/lib/python3/dist-packages/six-1.16.0.egg-info', 2_000, true],
    ];
    for (const [path, size, expected] of wanted) assert.equal(INVENTORY_FILES(path, size), expected, `${path} (${size} bytes)`);
  });

  it('ignores everything else, including the rpm databases it cannot read', () => {
    for (const path of ['etc/passwd', 'var/lib/rpm/Packages', 'usr/lib/sysimage/rpm/Packages.db', 'var/lib/dpkg/status-old', 'lib/apk/db/scripts.tar', 'usr/bin/node']) {
      assert.equal(INVENTORY_FILES(path, 1_000), false, path);
    }
  });
});
