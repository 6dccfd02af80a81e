import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeInventory } from '../../server/src/scan/inventory';
import { isDpkgStatusDirEntry, parseDpkgStatus } from '../../server/src/scan/inventory/dpkg';
import { imageFiles, unreadFile } from '../helpers/image-files';

const STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12985
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc (2.36-9+deb12u4)
Version: 2.36-9+deb12u4
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
 .
 Package: a description line, not a field
 Version: 0.0

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
Description: removed, only its configuration is left

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2024a-0+deb12u1
Description: time zone and daylight-saving time data
 This package contains data required for the implementation of
 standard local time.
 Source: fake-source

Package: half
Status: install reinstreq half-installed
Architecture: amd64
Version: 3.0

Package: libssl3
Status: hold ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2

Package: libc6
Status: install ok installed
Architecture: i386
Source: glibc (2.36-9+deb12u4)
Version: 2.36-9+deb12u4
`;

describe('parseDpkgStatus', () => {
  it('lists installed packages with source package and version', () => {
    const { records, warnings } = parseDpkgStatus(Buffer.from(STATUS), 'var/lib/dpkg/status');
    assert.deepEqual(warnings, []);
    assert.deepEqual(records, [
      { name: 'libc6', version: '2.36-9+deb12u4', ecosystem: 'deb', arch: 'amd64', sourceName: 'glibc', sourceVersion: '2.36-9+deb12u4' },
      { name: 'tzdata', version: '2024a-0+deb12u1', ecosystem: 'deb', arch: 'all', sourceName: 'tzdata', sourceVersion: '2024a-0+deb12u1' },
      { name: 'libssl3', version: '3.0.11-1~deb12u2', ecosystem: 'deb', arch: 'amd64', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u2' },
      { name: 'libc6', version: '2.36-9+deb12u4', ecosystem: 'deb', arch: 'i386', sourceName: 'glibc', sourceVersion: '2.36-9+deb12u4' },
    ]);
  });

  it('takes a source version that differs from the binary version (binNMU)', () => {
    const text = 'Package: libfoo1\nStatus: install ok installed\nVersion: 1.2-3+b1\nSource: foo (1.2-3)\nArchitecture: arm64\n';
    const [record] = parseDpkgStatus(Buffer.from(text), 'var/lib/dpkg/status').records;
    assert.deepEqual(record, { name: 'libfoo1', version: '1.2-3+b1', ecosystem: 'deb', arch: 'arm64', sourceName: 'foo', sourceVersion: '1.2-3' });
  });

  it('keeps epochs in the version and reads CRLF text', () => {
    const text = 'Package: perl\r\nStatus: install ok installed\r\nVersion: 1:5.36.0-7\r\n';
    assert.deepEqual(parseDpkgStatus(Buffer.from(text), 'var/lib/dpkg/status').records, [
      { name: 'perl', version: '1:5.36.0-7', ecosystem: 'deb', sourceName: 'perl', sourceVersion: '1:5.36.0-7' },
    ]);
  });

  it('requires a Status in the status file but not in status.d entries', () => {
    const text = 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n';
    assert.deepEqual(parseDpkgStatus(Buffer.from(text), 'var/lib/dpkg/status').records, []);
    assert.equal(parseDpkgStatus(Buffer.from(text), 'var/lib/dpkg/status.d/base-files', false).records.length, 1);
  });

  it('warns about installed entries without a version, and about text that is no database', () => {
    const missing = parseDpkgStatus(Buffer.from('Package: broken\nStatus: install ok installed\n'), 'var/lib/dpkg/status');
    assert.deepEqual(missing.records, []);
    assert.deepEqual(missing.warnings, ['1 installed package in /var/lib/dpkg/status had no valid name or version and was left out of the inventory.']);
    const garbage = parseDpkgStatus(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x80]), 'var/lib/dpkg/status');
    assert.equal(garbage.unreadable, true);
    assert.deepEqual(garbage.warnings, [
      'The dpkg database /var/lib/dpkg/status holds no package entries that could be read, so its packages are missing from the inventory.',
    ]);
    assert.deepEqual(parseDpkgStatus(Buffer.from('\n\n'), 'var/lib/dpkg/status'), { records: [], warnings: [], unreadable: false });
  });
});

describe('dpkg in the inventory', () => {
  it('reads the status file with purls for the distribution', async () => {
    const inventory = await takeInventory(
      imageFiles({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'var/lib/dpkg/status': { content: STATUS, layer: 0 } }),
    );
    assert.deepEqual(
      inventory.packages.map((pkg) => pkg.purl),
      [
        'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
        'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386&distro=debian-12',
        'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
        'pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12',
      ],
    );
    assert.deepEqual(inventory.packages[0], {
      name: 'libc6',
      version: '2.36-9+deb12u4',
      ecosystem: 'deb',
      arch: 'amd64',
      sourceName: 'glibc',
      sourceVersion: '2.36-9+deb12u4',
      path: 'var/lib/dpkg/status',
      layerIndex: 0,
      purl: 'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12',
    });
  });

  it('reads distroless status.d entries, one or several stanzas each, and skips the md5sums beside them', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'etc/os-release': 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Distroless"\n',
        'var/lib/dpkg/status.d/base-files': { content: 'Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n', layer: 0 },
        'var/lib/dpkg/status.d/base-files.md5sums': 'Package: not-a-package\nVersion: 1\n',
        'var/lib/dpkg/status.d/libssl3': {
          content: 'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n\nPackage: openssl\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\n',
          layer: 2,
        },
      }),
    );
    assert.deepEqual(
      inventory.packages.map((pkg) => [pkg.name, pkg.version, pkg.sourceName, pkg.path, pkg.layerIndex]),
      [
        ['base-files', '12.4+deb12u5', 'base-files', 'var/lib/dpkg/status.d/base-files', 0],
        ['libssl3', '3.0.11-1~deb12u2', 'openssl', 'var/lib/dpkg/status.d/libssl3', 2],
        ['openssl', '3.0.11-1~deb12u2', 'openssl', 'var/lib/dpkg/status.d/libssl3', 2],
      ],
    );
    assert.deepEqual(inventory.warnings, []);
  });

  it('recognises status.d entries by path', () => {
    assert.equal(isDpkgStatusDirEntry('var/lib/dpkg/status.d/libc6'), true);
    assert.equal(isDpkgStatusDirEntry('var/lib/dpkg/status.d/libc6.md5sums'), false);
    assert.equal(isDpkgStatusDirEntry('var/lib/dpkg/status.d/sub/libc6'), false);
    assert.equal(isDpkgStatusDirEntry('var/lib/dpkg/status.d/'), false);
    assert.equal(isDpkgStatusDirEntry('var/lib/dpkg/status'), false);
  });

  it('warns when the status file was too large to keep', async () => {
    const inventory = await takeInventory(imageFiles({ 'var/lib/dpkg/status': unreadFile('var/lib/dpkg/status', 80 * 1024 * 1024, 1) }));
    assert.deepEqual(inventory.packages, []);
    assert.deepEqual(inventory.warnings, [
      'The package database /var/lib/dpkg/status was not read (it is 80.0 MB, more than the scan keeps of one file), so its packages are missing from the inventory and from the vulnerability results.',
    ]);
  });
});
