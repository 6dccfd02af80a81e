import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareApkVersions } from '../../server/src/scan/osv/version-apk';
import { compareDpkgVersions } from '../../server/src/scan/osv/version-dpkg';
import { comparePep440Versions } from '../../server/src/scan/osv/version-pep440';
import { compareRpmVersions, rpmvercmp } from '../../server/src/scan/osv/version-rpm';
import { compareSemverVersions } from '../../server/src/scan/osv/version-semver';
import { baseEcosystem, versionOrderFor } from '../../server/src/scan/osv/version-order';

type Order = (a: string, b: string) => number | undefined;
type Case = [string, '<' | '=' | '>', string];

function sign(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.sign(value);
}

/** Checks each case both ways round, so an order that is not antisymmetric fails too. */
function checkTable(order: Order, cases: Case[]): void {
  for (const [a, relation, b] of cases) {
    const expected = relation === '<' ? -1 : relation === '>' ? 1 : 0;
    assert.equal(sign(order(a, b)), expected, `${a} ${relation} ${b}`);
    assert.equal(sign(order(b, a)), -expected || 0, `${b} vs ${a} (reversed)`);
  }
}

/** Every earlier item sorts strictly before every later one. */
function checkAscending(order: Order, versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) {
      assert.equal(sign(order(versions[i] as string, versions[j] as string)), -1, `${versions[i]} < ${versions[j]}`);
    }
  }
}

describe('dpkg version order', () => {
  it('orders epochs, upstream versions and revisions', () => {
    checkTable(compareDpkgVersions, [
      ['1.0', '=', '1.0'],
      ['0:1.0', '=', '1.0'],
      ['1:1.0', '>', '2.0'],
      ['1:1.0', '<', '2:0.1'],
      ['1.2.3', '<', '1.10'],
      ['1.0', '<', '1.0.0'],
      ['1.01', '=', '1.1'],
      ['1.0', '<', '1.0-1'],
      ['1.0-1', '<', '1.0-1ubuntu1'],
      ['1.0-1', '<', '1.0-1+b1'],
      ['2.36-9+deb12u3', '<', '2.36-9+deb12u4'],
      ['2.36-9+deb12u9', '<', '2.36-9+deb12u10'],
      ['3.0.11-1~deb12u2', '<', '3.0.11-1'],
      ['1.0-a', '>', '1.0-1'],
      ['1.0+dfsg-1', '>', '1.0-1'],
      ['7.88.1-10+deb12u5', '<', '7.88.1-10+deb12u6'],
      ['99999999999999999999', '<', '100000000000000000000'],
    ]);
  });

  it('sorts ~ before everything, even the end of the version', () => {
    checkAscending(compareDpkgVersions, ['1.0~~', '1.0~~a', '1.0~', '1.0~rc1', '1.0', '1.0a', '1.0+']);
  });

  it('splits the revision at the last hyphen, so upstream versions may contain hyphens', () => {
    checkTable(compareDpkgVersions, [
      ['1.2-3-4', '>', '1.2-3-3'],
      ['1.2-3-4', '<', '1.2-4-1'],
    ]);
  });
});

describe('apk version order', () => {
  it('orders release numbers, letters and revisions', () => {
    checkTable(compareApkVersions, [
      ['1.0', '=', '1.0'],
      ['1.0', '<', '1.0.1'],
      ['1.2.3', '<', '1.10'],
      ['1.2', '<', '1.2a'],
      ['1.2a', '<', '1.2b'],
      ['1.2a', '<', '1.2.1'],
      ['1.0', '<', '1.0-r0'],
      ['1.0-r0', '<', '1.0-r1'],
      ['1.0-r9', '<', '1.0-r10'],
      ['3.1.4-r4', '<', '3.1.4-r5'],
      ['3.1.4-r5', '<', '3.1.5-r0'],
      ['1.01', '<', '1.1'],
      ['1.001', '<', '1.01'],
      ['1.0_rc1-r1', '<', '1.0-r0'],
      ['1.0_rc9', '<', '1.0_rc10'],
      ['1.0_p1', '>', '1.0-r1'],
      ['1.2.3_git20230101', '>', '1.2.3'],
      ['2.5.0_pre1-r0', '<', '2.5.0-r0'],
    ]);
  });

  it('puts pre-release suffixes before the release and post-release suffixes after it', () => {
    checkAscending(compareApkVersions, [
      '1.0_alpha1',
      '1.0_alpha2',
      '1.0_beta',
      '1.0_pre1',
      '1.0_rc1',
      '1.0',
      '1.0_cvs1',
      '1.0_svn1',
      '1.0_git1',
      '1.0_hg1',
      '1.0_p1',
      '1.0_p2',
      '1.0.1',
    ]);
  });

  it('ignores commit hashes when ordering', () => {
    checkTable(compareApkVersions, [['1.0_git20240101~abc123-r0', '=', '1.0_git20240101~def456-r0']]);
  });
});

describe('rpm version order', () => {
  it('follows rpmvercmp', () => {
    checkTable(rpmvercmp, [
      ['1.0', '=', '1.0'],
      ['1.0', '<', '2.0'],
      ['2.0.1', '>', '2.0'],
      ['2.0.1a', '>', '2.0.1'],
      ['5.5p1', '<', '5.5p2'],
      ['5.5p10', '>', '5.5p1'],
      ['10xyz', '<', '10.1xyz'],
      ['xyz10', '<', 'xyz10.1'],
      ['1.0aa', '>', '1.0a'],
      ['a', '<', '1'],
      ['1.0.', '=', '1.0'],
      ['1_0', '=', '1.0'],
      ['1.010', '=', '1.10'],
      ['20240101', '>', '2023'],
    ]);
  });

  it('sorts ~ before the end and ^ after it', () => {
    checkTable(rpmvercmp, [
      ['1.0~rc1', '<', '1.0'],
      ['1.0~rc1', '<', '1.0~rc2'],
      ['1.0~rc1~git123', '<', '1.0~rc1'],
      ['1.0^', '>', '1.0'],
      ['1.0^git1', '>', '1.0'],
      ['1.0^git1', '<', '1.01'],
      ['1.0^git1', '<', '1.0.1'],
      ['1.0^20160102', '>', '1.0^20160101^git1'],
      ['1.0~rc1^git1', '>', '1.0~rc1'],
      ['1.0^git1~pre', '<', '1.0^git1'],
    ]);
  });

  it('compares epoch, version and release', () => {
    checkTable(compareRpmVersions, [
      ['1:1.0-1', '>', '2.0-1'],
      ['0:1.0-1', '=', '1.0-1'],
      ['1.0-1.el9', '<', '1.0-2.el9'],
      ['2.34-60.el9', '<', '2.34-100.el9'],
      ['1.0-1.el8_9', '<', '1.0-1.el8_9.1'],
      ['1:3.0.7-25.el9_3', '<', '1:3.0.7-27.el9'],
      // A version without release matches every release of it.
      ['1.0', '=', '1.0-5'],
    ]);
  });
});

describe('PEP 440 version order', () => {
  it('sorts the example list of PEP 440 in order', () => {
    checkAscending(comparePep440Versions, [
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.1.dev1',
    ]);
  });

  it('applies the normalisations PEP 440 allows', () => {
    checkTable(comparePep440Versions, [
      ['1.0', '=', '1.0.0'],
      ['1.0RC1', '=', '1.0rc1'],
      ['1.0c1', '=', '1.0rc1'],
      ['1.0.preview2', '=', '1.0rc2'],
      ['1.0alpha1', '=', '1.0a1'],
      ['1.0-beta.2', '=', '1.0b2'],
      ['1.0-1', '=', '1.0.post1'],
      ['1.0_r2', '=', '1.0.post2'],
      ['1.0.post', '=', '1.0.post0'],
      ['v1.0', '=', '1.0'],
      ['1.0-dev3', '=', '1.0.dev3'],
      ['1!0.1', '>', '2.0'],
      ['2.31.0', '>', '2.4.0'],
      ['3.2.25', '<', '4.2.11'],
    ]);
  });

  it('has no order for versions outside PEP 440', () => {
    assert.equal(comparePep440Versions('1.0-foo', '1.0'), undefined);
    assert.equal(comparePep440Versions('1.0', 'latest'), undefined);
  });
});

describe('SemVer order and ecosystem dispatch', () => {
  it('compares npm versions as SemVer', () => {
    checkTable(compareSemverVersions, [
      ['1.2.3', '<', '1.2.10'],
      ['1.0.0-beta.2', '<', '1.0.0'],
      ['v4.17.21', '=', '4.17.21'],
    ]);
    assert.equal(compareSemverVersions('1.2', '1.2.0'), undefined);
  });

  it('picks the order by ecosystem and range type', () => {
    assert.equal(baseEcosystem('Red Hat:enterprise_linux:9::baseos'), 'Red Hat');
    assert.equal(versionOrderFor('Debian:12', 'ECOSYSTEM'), compareDpkgVersions);
    assert.equal(versionOrderFor('Ubuntu:22.04:LTS', 'ECOSYSTEM'), compareDpkgVersions);
    assert.equal(versionOrderFor('Alpine:v3.19', 'ECOSYSTEM'), compareApkVersions);
    assert.equal(versionOrderFor('Rocky Linux:9', 'ECOSYSTEM'), compareRpmVersions);
    assert.equal(versionOrderFor('PyPI', 'ECOSYSTEM'), comparePep440Versions);
    assert.equal(versionOrderFor('npm', 'SEMVER'), compareSemverVersions);
    assert.equal(versionOrderFor('PyPI', 'GIT'), undefined);
    assert.equal(versionOrderFor('Go', 'ECOSYSTEM'), undefined);
  });
});
