import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePypiName, planQueries } from '../../server/src/scan/osv/ecosystem-mapping';
import type { InstalledPackage, Inventory, OsIdentity } from '../../server/src/scan/types';

function pkg(fields: Partial<InstalledPackage> & Pick<InstalledPackage, 'name' | 'version' | 'ecosystem'>): InstalledPackage {
  return { path: 'var/lib/dpkg/status', layerIndex: 0, ...fields };
}

function os(id: string, fields: Partial<OsIdentity> = {}): OsIdentity {
  return { id, path: 'etc/os-release', ...fields };
}

function plan(osIdentity: OsIdentity | undefined, packages: InstalledPackage[]) {
  const inventory: Inventory = { packages, warnings: [], ...(osIdentity ? { os: osIdentity } : {}) };
  return planQueries(inventory);
}

describe('OSV query mapping', () => {
  it('asks about Debian packages by source package and source version under Debian:<major>', () => {
    const result = plan(os('debian', { versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' }), [
      pkg({ name: 'libssl3', version: '3.0.11-1~deb12u2', ecosystem: 'deb', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u2', arch: 'amd64' }),
      pkg({ name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'deb', sourceName: 'openssl' }),
      pkg({ name: 'libc6', version: '2.36-9+deb12u4+b1', ecosystem: 'deb', sourceName: 'glibc', sourceVersion: '2.36-9+deb12u4' }),
      pkg({ name: 'bash', version: '5.2.15-2+b2', ecosystem: 'deb' }),
    ]);
    assert.deepEqual(
      result.packages.map((entry) => entry.queries),
      [
        [{ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' }],
        [{ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' }],
        [{ ecosystem: 'Debian:12', name: 'glibc', version: '2.36-9+deb12u4' }],
        [{ ecosystem: 'Debian:12', name: 'bash', version: '5.2.15-2+b2' }],
      ],
    );
    // Two binaries of one source are one query.
    assert.deepEqual(result.queries, [
      { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' },
      { ecosystem: 'Debian:12', name: 'glibc', version: '2.36-9+deb12u4' },
      { ecosystem: 'Debian:12', name: 'bash', version: '5.2.15-2+b2' },
    ]);
    assert.deepEqual(result.skipped, []);
  });

  it('finds the Debian release of testing images from the codename, and skips when neither is known', () => {
    const trixie = plan(os('debian', { versionCodename: 'trixie' }), [pkg({ name: 'zlib1g', version: '1:1.3.dfsg-3', ecosystem: 'deb', sourceName: 'zlib' })]);
    assert.deepEqual(trixie.queries, [{ ecosystem: 'Debian:13', name: 'zlib', version: '1:1.3.dfsg-3' }]);

    const unknown = plan(os('debian', { prettyName: 'Debian GNU/Linux sid' }), [pkg({ name: 'zlib1g', version: '1:1.3.dfsg-3', ecosystem: 'deb' })]);
    assert.deepEqual(unknown.queries, []);
    assert.deepEqual(unknown.skipped, [
      {
        ecosystem: 'deb',
        count: 1,
        reason: 'the Debian release of Debian GNU/Linux sid is unknown (no VERSION_ID in /etc/os-release), and OSV advisories are per release',
      },
    ]);
  });

  it('names Ubuntu releases as OSV does, with :LTS for long-term releases', () => {
    const packages = [pkg({ name: 'libssl3', version: '3.0.2-0ubuntu1.15', ecosystem: 'deb', sourceName: 'openssl' })];
    assert.equal(plan(os('ubuntu', { versionId: '22.04' }), packages).queries[0]?.ecosystem, 'Ubuntu:22.04:LTS');
    assert.equal(plan(os('ubuntu', { versionId: '24.04' }), packages).queries[0]?.ecosystem, 'Ubuntu:24.04:LTS');
    assert.equal(plan(os('ubuntu', { versionId: '23.10' }), packages).queries[0]?.ecosystem, 'Ubuntu:23.10');
    assert.equal(plan(os('ubuntu', { versionId: '21.04' }), packages).queries[0]?.ecosystem, 'Ubuntu:21.04');
    assert.deepEqual(plan(os('ubuntu', { versionId: '22.04' }), packages).queries, [
      { ecosystem: 'Ubuntu:22.04:LTS', name: 'openssl', version: '3.0.2-0ubuntu1.15' },
    ]);
  });

  it('asks about Alpine packages by origin under the v<major>.<minor> branch', () => {
    const result = plan(os('alpine', { versionId: '3.19.1' }), [
      pkg({ name: 'libcrypto3', version: '3.1.4-r5', ecosystem: 'apk', sourceName: 'openssl', path: 'lib/apk/db/installed' }),
      pkg({ name: 'busybox', version: '1.36.1-r15', ecosystem: 'apk', path: 'lib/apk/db/installed' }),
    ]);
    assert.deepEqual(result.queries, [
      { ecosystem: 'Alpine:v3.19', name: 'openssl', version: '3.1.4-r5' },
      { ecosystem: 'Alpine:v3.19', name: 'busybox', version: '1.36.1-r15' },
    ]);
  });

  it('maps the Red Hat family and asks about both the source and the binary name', () => {
    const openssl = pkg({ name: 'openssl-libs', version: '1:3.0.7-25.el9_3', ecosystem: 'rpm', sourceName: 'openssl', path: 'var/lib/rpm/rpmdb.sqlite' });
    assert.deepEqual(plan(os('rocky', { versionId: '9.3' }), [openssl]).packages[0]?.queries, [
      { ecosystem: 'Rocky Linux:9', name: 'openssl', version: '1:3.0.7-25.el9_3' },
      { ecosystem: 'Rocky Linux:9', name: 'openssl-libs', version: '1:3.0.7-25.el9_3' },
    ]);
    assert.deepEqual(plan(os('almalinux', { versionId: '8.9' }), [openssl]).queries.map((query) => query.ecosystem), ['AlmaLinux:8', 'AlmaLinux:8']);
    assert.deepEqual(plan(os('rhel', { versionId: '9.3' }), [openssl]).queries.map((query) => query.ecosystem), ['Red Hat', 'Red Hat']);
    const bash = pkg({ name: 'bash', version: '5.1.8-6.el9_1', ecosystem: 'rpm', sourceName: 'bash' });
    assert.deepEqual(plan(os('rocky', { versionId: '9.3' }), [bash]).queries, [{ ecosystem: 'Rocky Linux:9', name: 'bash', version: '5.1.8-6.el9_1' }]);
  });

  it('skips OS packages of distributions OSV has no data for, and says which', () => {
    const result = plan(os('centos', { versionId: '7', prettyName: 'CentOS Linux 7 (Core)' }), [
      pkg({ name: 'bash', version: '4.2.46-35.el7_9', ecosystem: 'rpm' }),
      pkg({ name: 'glibc', version: '2.17-326.el7_9', ecosystem: 'rpm' }),
      pkg({ name: 'requests', version: '2.31.0', ecosystem: 'pypi', path: 'usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA' }),
    ]);
    assert.deepEqual(result.queries, [{ ecosystem: 'PyPI', name: 'requests', version: '2.31.0' }]);
    assert.deepEqual(result.skipped, [{ ecosystem: 'rpm', count: 2, reason: 'OSV has no advisories for CentOS Linux 7 (Core)' }]);
  });

  it('skips OS packages when the OS is unknown or does not match the package manager', () => {
    const noOs = plan(undefined, [pkg({ name: 'bash', version: '5.2.15-2', ecosystem: 'deb' })]);
    assert.deepEqual(noOs.skipped, [
      { ecosystem: 'deb', count: 1, reason: 'the image has no /etc/os-release, so it is unknown which distribution release the packages belong to' },
    ]);
    const debOnAlpine = plan(os('alpine', { versionId: '3.19.1', prettyName: 'Alpine Linux v3.19' }), [pkg({ name: 'bash', version: '5.2.15-2', ecosystem: 'deb' })]);
    assert.deepEqual(debOnAlpine.skipped, [{ ecosystem: 'deb', count: 1, reason: 'OSV has no advisories for Alpine Linux v3.19' }]);
  });

  it('asks about npm and PyPI packages whatever the OS, with PyPI names normalised', () => {
    const result = plan(undefined, [
      pkg({ name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json' }),
      pkg({ name: 'Django_REST.framework', version: '3.14.0', ecosystem: 'pypi' }),
      pkg({ name: 'empty', version: '', ecosystem: 'npm' }),
    ]);
    assert.deepEqual(result.queries, [
      { ecosystem: 'npm', name: 'lodash', version: '4.17.20' },
      { ecosystem: 'PyPI', name: 'django-rest-framework', version: '3.14.0' },
    ]);
    assert.deepEqual(result.skipped, [{ ecosystem: 'npm', count: 1, reason: 'the name or version is empty' }]);
    assert.equal(normalizePypiName('Zope.Interface'), 'zope-interface');
  });
});
