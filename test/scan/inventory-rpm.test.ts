import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import initSqlJs from 'sql.js';
import { takeInventory } from '../../server/src/scan/inventory';
import { parseSourceRpm, rpmPackageRecord } from '../../server/src/scan/inventory/rpm';
import { parseRpmHeader, RpmHeaderError, rpmHeaderInt32, rpmHeaderString, RpmTag } from '../../server/src/scan/inventory/rpm-header';
import { imageFiles, unreadFile } from '../helpers/image-files';
import { encodeRpmHeader, int32Entry, rpmPackageHeader, rpmSqliteDatabase, stringEntry } from '../helpers/rpm-header';

const BASH = rpmPackageHeader({ name: 'bash', version: '5.1.8', release: '9.el9', arch: 'x86_64', sourceRpm: 'bash-5.1.8-9.el9.src.rpm' });
const OPENSSL = rpmPackageHeader({ name: 'openssl-libs', version: '3.0.7', release: '27.el9', epoch: 1, arch: 'x86_64', sourceRpm: 'openssl-3.0.7-27.el9.src.rpm' });
const TZDATA = rpmPackageHeader({ name: 'tzdata', version: '2024a', release: '1.el9', epoch: 0, arch: 'noarch', sourceRpm: 'tzdata-2024a-1.el9.src.rpm' });
const GPG_KEY = rpmPackageHeader({ name: 'gpg-pubkey', version: '350d275d', release: '6279464b' });
const ROCKY = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n';

describe('rpm header parser', () => {
  it('reads strings and integers back from an encoded header, with or without the package-file magic', () => {
    for (const magic of [false, true]) {
      const blob = encodeRpmHeader(
        [stringEntry(RpmTag.name, 'glibc'), int32Entry(RpmTag.epoch, 2), stringEntry(RpmTag.arch, 'aarch64'), stringEntry(RpmTag.version, '2.34')],
        { magic },
      );
      const header = parseRpmHeader(blob);
      assert.equal(rpmHeaderString(header, RpmTag.name), 'glibc');
      assert.equal(rpmHeaderString(header, RpmTag.version), '2.34');
      assert.equal(rpmHeaderString(header, RpmTag.arch), 'aarch64');
      assert.equal(rpmHeaderInt32(header, RpmTag.epoch), 2);
      assert.equal(rpmHeaderString(header, RpmTag.release), undefined);
      assert.equal(rpmHeaderInt32(header, RpmTag.sourceRpm), undefined);
    }
  });

  it('rejects headers whose sizes do not fit the blob', () => {
    const blob = encodeRpmHeader([stringEntry(RpmTag.name, 'glibc')]);
    assert.throws(() => parseRpmHeader(blob.subarray(0, blob.length - 1)), /the header needs \d+ bytes for 2 entries and \d+ bytes of data but has/);
    assert.throws(() => parseRpmHeader(Buffer.from([0, 0, 0])), /too short/);
    const hugeIndex = Buffer.from(blob);
    hugeIndex.writeUInt32BE(0x10000, 0);
    assert.throws(() => parseRpmHeader(hugeIndex), /claims 65536 index entries/);
    const noEntries = Buffer.from(blob);
    noEntries.writeUInt32BE(0, 0);
    assert.throws(() => parseRpmHeader(noEntries), /claims 0 index entries/);
  });

  it('rejects entries that point outside the data or have a wrong type', () => {
    const blob = encodeRpmHeader([stringEntry(RpmTag.name, 'glibc')], { region: false });
    const outside = Buffer.from(blob);
    outside.writeInt32BE(1000, 8 + 8);
    assert.throws(() => parseRpmHeader(outside), /tag 1000 points outside the data \(offset 1000/);
    const negative = Buffer.from(blob);
    negative.writeInt32BE(-4, 8 + 8);
    assert.throws(() => parseRpmHeader(negative), RpmHeaderError);
    const unknownType = Buffer.from(blob);
    unknownType.writeUInt32BE(42, 8 + 4);
    assert.throws(() => parseRpmHeader(unknownType), /tag 1000 has unknown type 42/);
    const header = parseRpmHeader(blob);
    assert.throws(() => rpmHeaderInt32(header, RpmTag.name), /should hold a 32-bit integer but has type 6/);
  });

  it('rejects a string without its terminating NUL and an integer past the end', () => {
    const unterminated = encodeRpmHeader([{ tag: RpmTag.name, type: 6, count: 1, data: Buffer.from('glibc'), align: 1 }], { region: false });
    assert.throws(() => rpmHeaderString(parseRpmHeader(unterminated), RpmTag.name), /has no end within the data/);
    const shortInt = encodeRpmHeader([{ tag: RpmTag.epoch, type: 4, count: 1, data: Buffer.from([0, 1]), align: 4 }], { region: false });
    assert.throws(() => rpmHeaderInt32(parseRpmHeader(shortInt), RpmTag.epoch), /lies outside the data/);
  });

  it('fails only with RpmHeaderError on every truncation and on random bytes', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const inputs: Uint8Array[] = [];
    for (let length = 0; length < OPENSSL.length; length++) inputs.push(OPENSSL.subarray(0, length));
    for (let i = 0; i < 300; i++) {
      const corrupted = Buffer.from(OPENSSL);
      corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
      inputs.push(corrupted);
      inputs.push(Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256))));
    }
    for (const input of inputs) {
      try {
        rpmPackageRecord(input);
      } catch (error) {
        assert.ok(error instanceof RpmHeaderError, `unexpected ${String(error)}`);
      }
    }
  });

  it('splits source rpm names at the last two dashes', () => {
    assert.deepEqual(parseSourceRpm('glibc-2.34-60.el9.src.rpm'), { name: 'glibc', version: '2.34-60.el9' });
    assert.deepEqual(parseSourceRpm('python3-pip-wheel-21.2.3-7.el9.nosrc.rpm'), { name: 'python3-pip-wheel', version: '21.2.3-7.el9' });
    assert.equal(parseSourceRpm('not-a-source-package'), undefined);
    assert.equal(parseSourceRpm(''), undefined);
  });
});

describe('rpm in the inventory', () => {
  it('reads the SQLite rpmdb: epoch:version-release, source package, purls, no signing keys', async () => {
    const inventory = await takeInventory(
      imageFiles({ 'etc/os-release': ROCKY, 'var/lib/rpm/rpmdb.sqlite': { content: await rpmSqliteDatabase([BASH, GPG_KEY, OPENSSL, TZDATA]), layer: 0 } }),
    );
    assert.deepEqual(inventory.warnings, []);
    assert.deepEqual(inventory.packages, [
      {
        name: 'bash',
        version: '5.1.8-9.el9',
        ecosystem: 'rpm',
        arch: 'x86_64',
        sourceName: 'bash',
        sourceVersion: '5.1.8-9.el9',
        path: 'var/lib/rpm/rpmdb.sqlite',
        layerIndex: 0,
        purl: 'pkg:rpm/rocky/bash@5.1.8-9.el9?arch=x86_64&distro=rocky-9.3',
      },
      {
        name: 'openssl-libs',
        version: '1:3.0.7-27.el9',
        ecosystem: 'rpm',
        arch: 'x86_64',
        sourceName: 'openssl',
        sourceVersion: '1:3.0.7-27.el9',
        path: 'var/lib/rpm/rpmdb.sqlite',
        layerIndex: 0,
        purl: 'pkg:rpm/rocky/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rocky-9.3&epoch=1',
      },
      {
        name: 'tzdata',
        version: '2024a-1.el9',
        ecosystem: 'rpm',
        arch: 'noarch',
        sourceName: 'tzdata',
        sourceVersion: '2024a-1.el9',
        path: 'var/lib/rpm/rpmdb.sqlite',
        layerIndex: 0,
        purl: 'pkg:rpm/rocky/tzdata@2024a-1.el9?arch=noarch&distro=rocky-9.3',
      },
    ]);
  });

  it('reads the rest of the database when a header is corrupt, and names the bad one', async () => {
    const corrupt = Buffer.from(OPENSSL.subarray(0, 40));
    const inventory = await takeInventory(imageFiles({ 'usr/lib/sysimage/rpm/rpmdb.sqlite': await rpmSqliteDatabase([BASH, corrupt, TZDATA]) }));
    assert.deepEqual(
      inventory.packages.map((pkg) => pkg.purl),
      ['pkg:rpm/bash@5.1.8-9.el9?arch=x86_64', 'pkg:rpm/tzdata@2024a-1.el9?arch=noarch'],
    );
    assert.equal(inventory.warnings.length, 1);
    assert.match(
      inventory.warnings[0]!,
      /^1 package header in the rpm database \/usr\/lib\/sysimage\/rpm\/rpmdb\.sqlite could not be read \(package 2: the header needs \d+ bytes .*\)\. Those packages are missing from the inventory/,
    );
  });

  it('warns about a file that is not SQLite, or has no Packages table, and still reads the other databases', async () => {
    const SQL = await initSqlJs();
    const empty = new SQL.Database();
    empty.run('CREATE TABLE Other (x)');
    const noTable = Buffer.from(empty.export());
    empty.close();
    const inventory = await takeInventory(
      imageFiles({
        'var/lib/rpm/rpmdb.sqlite': Buffer.from('SQLite format 3\0 but nothing after that'.repeat(40)),
        'usr/lib/sysimage/rpm/rpmdb.sqlite': noTable,
        'lib/apk/db/installed': 'P:busybox\nV:1.36.1-r15\nA:x86_64\n',
      }),
    );
    assert.deepEqual(inventory.packages.map((pkg) => pkg.name), ['busybox']);
    assert.deepEqual(inventory.warnings, [
      'The rpm database /var/lib/rpm/rpmdb.sqlite could not be read (file is not a database). Its packages are missing from the inventory, so their vulnerabilities cannot be reported.',
      'The rpm database /usr/lib/sysimage/rpm/rpmdb.sqlite could not be read (no such table: Packages). Its packages are missing from the inventory, so their vulnerabilities cannot be reported.',
    ]);
  });

  it('reads a database left in WAL mode', async () => {
    const content = await rpmSqliteDatabase([BASH]);
    content[18] = 2;
    content[19] = 2;
    const inventory = await takeInventory(imageFiles({ 'var/lib/rpm/rpmdb.sqlite': content }));
    assert.deepEqual(inventory.packages.map((pkg) => pkg.name), ['bash']);
  });

  it('warns that BerkeleyDB and ndb databases are not read, unless a SQLite database sits beside them', async () => {
    const legacy = await takeInventory(
      imageFiles({ 'var/lib/rpm/Packages': unreadFile('var/lib/rpm/Packages', 20_000_000), 'usr/lib/sysimage/rpm/Packages.db': unreadFile('usr/lib/sysimage/rpm/Packages.db', 5_000_000) }),
    );
    assert.deepEqual(legacy.warnings, [
      "The rpm database /var/lib/rpm/Packages is in the BerkeleyDB format, which Shipshape does not read, so this image's rpm packages are missing from the inventory and their vulnerabilities are not reported. Only SQLite rpm databases are read (RHEL 9, Fedora 33, Amazon Linux 2023 and later).",
      "The rpm database /usr/lib/sysimage/rpm/Packages.db is in the ndb format, which Shipshape does not read, so this image's rpm packages are missing from the inventory and their vulnerabilities are not reported. Only SQLite rpm databases are read (RHEL 9, Fedora 33, Amazon Linux 2023 and later).",
    ]);
    const migrated = await takeInventory(
      imageFiles({ 'var/lib/rpm/Packages': unreadFile('var/lib/rpm/Packages', 20_000_000), 'var/lib/rpm/rpmdb.sqlite': await rpmSqliteDatabase([BASH]) }),
    );
    assert.deepEqual(migrated.warnings, []);
    assert.equal(migrated.packages.length, 1);
  });
});
