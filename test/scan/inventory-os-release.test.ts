import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsRelease, readOsIdentity } from '../../server/src/scan/inventory/os-release';
import { takeInventory } from '../../server/src/scan/inventory';
import { imageFiles, link, unreadFile } from '../helpers/image-files';

const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

describe('parseOsRelease', () => {
  it('reads double-quoted, single-quoted and bare values, skipping comments and blank lines', () => {
    const values = parseOsRelease(
      ['# written by hand', '', 'ID=ubuntu', "NAME='Ubuntu'", 'PRETTY_NAME="Ubuntu 22.04.4 LTS"', '  VERSION_ID="22.04"  ', 'ID_LIKE=debian # trailing comment', 'not an assignment'].join('\n'),
    );
    assert.deepEqual(Object.fromEntries(values), {
      ID: 'ubuntu',
      NAME: 'Ubuntu',
      PRETTY_NAME: 'Ubuntu 22.04.4 LTS',
      VERSION_ID: '22.04',
      ID_LIKE: 'debian',
    });
  });

  it('undoes shell escapes in double quotes but not in single quotes', () => {
    const values = parseOsRelease('A="say \\"hi\\" for \\$5"\nB=\'a\\b\'\nC="unterminated\nD=""\r\n');
    assert.equal(values.get('A'), 'say "hi" for $5');
    assert.equal(values.get('B'), 'a\\b');
    assert.equal(values.get('C'), 'unterminated');
    assert.equal(values.get('D'), '');
  });
});

describe('readOsIdentity', () => {
  it('reads /etc/os-release', () => {
    assert.deepEqual(readOsIdentity(imageFiles({ 'etc/os-release': DEBIAN_12 })), {
      id: 'debian',
      versionId: '12',
      versionCodename: 'bookworm',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      path: 'etc/os-release',
    });
  });

  it('splits ID_LIKE and lower-cases the ID', () => {
    const identity = readOsIdentity(imageFiles({ 'etc/os-release': 'ID="Rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n' }));
    assert.deepEqual(identity, { id: 'rocky', versionId: '9.3', idLike: ['rhel', 'centos', 'fedora'], path: 'etc/os-release' });
  });

  it('follows the /etc/os-release symlink into /usr/lib', () => {
    const files = imageFiles({
      'etc/os-release': link('etc/os-release', '../usr/lib/os-release'),
      'usr/lib/os-release': 'ID=fedora\nVERSION_ID=40\n',
    });
    assert.deepEqual(readOsIdentity(files), { id: 'fedora', versionId: '40', path: 'etc/os-release' });
  });

  it('uses /usr/lib/os-release when /etc/os-release is missing or its link is broken', () => {
    assert.equal(readOsIdentity(imageFiles({ 'usr/lib/os-release': 'ID=arch\n' }))?.path, 'usr/lib/os-release');
    const broken = imageFiles({ 'etc/os-release': link('etc/os-release', '/nowhere'), 'usr/lib/os-release': 'ID=arch\n' });
    assert.deepEqual(readOsIdentity(broken), { id: 'arch', path: 'usr/lib/os-release' });
  });

  it('does not loop on a symlink cycle', () => {
    const files = imageFiles({ 'etc/os-release': link('etc/os-release', 'os-release2'), 'etc/os-release2': link('etc/os-release2', 'os-release') });
    assert.equal(readOsIdentity(files), undefined);
  });

  it('falls back to /etc/alpine-release', () => {
    assert.deepEqual(readOsIdentity(imageFiles({ 'etc/alpine-release': '3.19.1\n' })), {
      id: 'alpine',
      versionId: '3.19.1',
      prettyName: 'Alpine Linux v3.19.1',
      path: 'etc/alpine-release',
    });
  });

  it('prefers the fallbacks to an os-release without an ID, and says "linux" when there are none', () => {
    const withoutId = 'NAME="Something"\n';
    assert.equal(readOsIdentity(imageFiles({ 'etc/os-release': withoutId, 'etc/alpine-release': '3.18.0' }))?.id, 'alpine');
    assert.deepEqual(readOsIdentity(imageFiles({ 'etc/os-release': withoutId })), { id: 'linux', path: 'etc/os-release' });
  });

  it('falls back to /etc/debian_version', () => {
    assert.deepEqual(readOsIdentity(imageFiles({ 'etc/debian_version': '12.5\n' })), {
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12.5',
      path: 'etc/debian_version',
    });
    assert.deepEqual(readOsIdentity(imageFiles({ 'etc/debian_version': 'trixie/sid\n' })), {
      id: 'debian',
      versionCodename: 'trixie',
      prettyName: 'Debian GNU/Linux trixie/sid',
      path: 'etc/debian_version',
    });
  });

  it('falls back to /etc/redhat-release', () => {
    const cases: Array<[string, string, string]> = [
      ['CentOS Linux release 7.9.2009 (Core)', 'centos', '7'],
      ['Red Hat Enterprise Linux Server release 7.9 (Maipo)', 'rhel', '7.9'],
      ['Rocky Linux release 8.9 (Green Obsidian)', 'rocky', '8.9'],
      ['AlmaLinux release 9.3 (Shamrock Pearl Bobcat)', 'almalinux', '9.3'],
      ['Fedora release 39 (Thirty Nine)', 'fedora', '39'],
      ['CentOS Stream release 9', 'centos', '9'],
    ];
    for (const [line, id, versionId] of cases) {
      const identity = readOsIdentity(imageFiles({ 'etc/redhat-release': `${line}\n` }));
      assert.deepEqual(identity, { id, versionId, prettyName: line, path: 'etc/redhat-release' }, line);
    }
  });

  it('gives no identity for files that say nothing usable, or that were not read', () => {
    assert.equal(readOsIdentity(imageFiles({})), undefined);
    assert.equal(readOsIdentity(imageFiles({ 'etc/alpine-release': 'edge?\n', 'etc/debian_version': 'garbage', 'etc/redhat-release': 'hello' })), undefined);
    assert.equal(readOsIdentity(imageFiles({ 'etc/os-release': unreadFile('etc/os-release', 200_000) })), undefined);
  });

  it('is the os of the inventory', async () => {
    const inventory = await takeInventory(imageFiles({ 'etc/os-release': DEBIAN_12 }));
    assert.deepEqual(inventory, {
      os: { id: 'debian', versionId: '12', versionCodename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', path: 'etc/os-release' },
      packages: [],
      warnings: [],
    });
    assert.deepEqual(await takeInventory(imageFiles({})), { packages: [], warnings: [] });
  });
});
