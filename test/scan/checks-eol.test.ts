// image-os-eol and image-runtime-eol against the bundled end-of-life table, with a fixed "today".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageOsEol, osProduct } from '../../server/src/scan/checks/image-os-eol';
import { imageRuntimeEol } from '../../server/src/scan/checks/image-runtime-eol';
import type { InstalledPackage, OsIdentity } from '../../server/src/scan/types';
import { checkInput, imageFile, resolvedImage, TODAY } from '../helpers/image-check-input';

function osFindings(os: Omit<OsIdentity, 'path'> | undefined, today = TODAY) {
  const identity = os ? { path: 'etc/os-release', ...os } : undefined;
  return imageOsEol.run(checkInput({ files: [imageFile('etc/os-release', '', { layerIndex: 0 })], inventory: identity ? { os: identity } : {}, today }));
}

/** The message from "built on" up to the advice, for compact assertions. */
function osLine(os: Omit<OsIdentity, 'path'>, today = TODAY): string | undefined {
  const message = osFindings(os, today)[0]?.message;
  return message === undefined ? undefined : /built on (.*?) \(\/etc\/os-release\), which (.*?), so .*\. (Move to .*?)(?: Rebuild|$)/.exec(message)?.slice(1).join(' | ');
}

describe('image-os-eol', () => {
  it('reports a release past end of life with its date and the release to move to', () => {
    const findings = osFindings({ id: 'debian', versionId: '10', versionCodename: 'buster' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.id, 'image-os-eol');
    assert.equal(findings[0]?.severity, 'high');
    assert.equal(findings[0]?.path, 'etc/os-release');
    assert.equal(findings[0]?.layerIndex, 0);
    assert.equal(
      findings[0]?.message,
      'Image "acme/app:1.0" is built on Debian 10 (buster) (/etc/os-release), which reached end of life on 2024-06-30 (the end of Debian LTS), so its packages get no more security fixes and new vulnerabilities stay open. Move to Debian 12 (bookworm) or newer; it is the oldest release still supported. Rebuild on a supported base image.',
    );
  });

  it('counts the last day of support as supported', () => {
    assert.equal(osLine({ id: 'debian', versionId: '11' }, '2026-08-31'), undefined);
    assert.equal(osLine({ id: 'debian', versionId: '11' }, '2026-09-01'), 'Debian 11 (bullseye) | reached end of life on 2026-08-31 (the end of Debian LTS) | Move to Debian 12 (bookworm) or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'debian', versionId: '11' }, '2026-09-01T08:00:00Z'), osLine({ id: 'debian', versionId: '11' }, '2026-09-01'));
  });

  it('reads each distribution\'s version the way its os-release writes it', () => {
    assert.equal(osLine({ id: 'ubuntu', versionId: '20.04', versionCodename: 'focal' }), 'Ubuntu 20.04 (focal) | reached end of life on 2025-05-31 (the end of standard support) | Move to Ubuntu 22.04 (jammy) or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'alpine', versionId: '3.19.1' }), 'Alpine Linux 3.19 | reached end of life on 2025-11-01 | Move to Alpine Linux 3.22 or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'alpine', versionId: '3.4.6' }), 'Alpine Linux 3.4.6 | reached end of life on or before 2018-11-01 | Move to Alpine Linux 3.22 or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'centos', versionId: '7', prettyName: 'CentOS Linux 7 (Core)' }), 'CentOS Linux 7 | reached end of life on 2024-06-30 | Move to rockylinux or almalinux.');
    assert.equal(osLine({ id: 'centos', versionId: '8', prettyName: 'CentOS Stream 8' }), 'CentOS Stream 8 | reached end of life on 2024-05-31 | Move to CentOS Stream 9 or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'amzn', versionId: '2018.03' }), 'Amazon Linux 1 (2018.03) | reached end of life on 2023-12-31 | Move to Amazon Linux 2023 or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'rhel', versionId: '7.9' }), 'Red Hat Enterprise Linux (UBI) 7 | reached end of life on 2024-06-30 (the end of RHEL maintenance support) | Move to Red Hat Enterprise Linux (UBI) 8 or newer; it is the oldest release still supported.');
    assert.equal(osLine({ id: 'debian', versionCodename: 'stretch' }), 'Debian 9 (stretch) | reached end of life on 2022-06-30 (the end of Debian LTS) | Move to Debian 12 (bookworm) or newer; it is the oldest release still supported.');
  });

  it('says nothing for supported, unreleased or unknown systems', () => {
    assert.deepEqual(osFindings({ id: 'debian', versionId: '12', versionCodename: 'bookworm' }), []);
    assert.deepEqual(osFindings({ id: 'debian', versionCodename: 'sid' }), []);
    assert.deepEqual(osFindings({ id: 'alpine', versionId: '3.21_alpha20240807' }), []);
    assert.deepEqual(osFindings({ id: 'rocky', versionId: '8.9' }), []);
    assert.deepEqual(osFindings({ id: 'wolfi', versionId: '20230201' }), []);
    assert.deepEqual(osFindings(undefined), []);
    assert.equal(osProduct({ id: 'ubuntu', path: 'etc/os-release' }), undefined);
  });
});

function runtimeFindings(env: string[], packages: Array<Partial<InstalledPackage>> = [], today = TODAY) {
  const inventory = { packages: packages.map((pkg) => ({ name: '', version: '', ecosystem: 'deb' as const, path: 'var/lib/dpkg/status', layerIndex: 0, ...pkg })) };
  return imageRuntimeEol.run(checkInput({ image: resolvedImage({ Env: env }), inventory, today }));
}

/** "label (source) | advice" of each finding. */
function runtimeLines(env: string[], packages: Array<Partial<InstalledPackage>> = []): string[] {
  return runtimeFindings(env, packages).map((finding) => /has (.*?), which .*?, so it gets no more security fixes\. Move to (.*?) or newer|has (.*?), which .*?\. Move to (.*)\.$/.exec(finding.message)?.slice(1).filter((part) => part !== undefined).join(' -> ') ?? finding.message);
}

describe('image-runtime-eol', () => {
  it('reports a runtime from the official images\' variables', () => {
    const findings = runtimeFindings(['PATH=/usr/local/bin', 'NODE_VERSION=16.20.2', 'YARN_VERSION=1.22.19']);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.id, 'image-runtime-eol');
    assert.equal(findings[0]?.severity, 'high');
    assert.equal(
      findings[0]?.message,
      'Image "acme/app:1.0" has Node.js 16 (gallium) (NODE_VERSION=16.20.2), which reached end of life on 2023-09-11, so it gets no more security fixes. Move to Node.js 22 (jod) or newer; it is the oldest release still supported.',
    );
  });

  it('reads every runtime the official images name', () => {
    assert.deepEqual(
      runtimeLines([
        'PYTHON_VERSION=3.8.18',
        'GOLANG_VERSION=1.21.5',
        'JAVA_VERSION=jdk-16.0.2+7',
        'RUBY_VERSION=3.1.4',
        'PHP_VERSION=8.0.30',
        'DOTNET_VERSION=6.0.25',
        'PG_MAJOR=12',
        'PG_VERSION=12.17-1.pgdg120+1',
        'NGINX_VERSION=1.25.3',
        'REDIS_VERSION=7.0.15',
        'MYSQL_MAJOR=5.7',
      ]),
      [
        'Python 3.8 (PYTHON_VERSION=3.8.18) -> Python 3.11',
        'Go 1.21 (GOLANG_VERSION=1.21.5) -> Go 1.26',
        'Eclipse Temurin 16 (JAVA_VERSION=jdk-16.0.2+7) -> Eclipse Temurin 17',
        'Ruby 3.1 (RUBY_VERSION=3.1.4) -> Ruby 3.3',
        'PHP 8.0 (PHP_VERSION=8.0.30) -> PHP 8.2',
        '.NET 6.0 (DOTNET_VERSION=6.0.25) -> .NET 10.0',
        'PostgreSQL 12 (PG_MAJOR=12) -> PostgreSQL 15',
        'nginx 1.25 (NGINX_VERSION=1.25.3) -> nginx 1.30',
        'Redis 7.0 (REDIS_VERSION=7.0.15) -> Redis 7.2',
        'MySQL 5.7 (MYSQL_MAJOR=5.7) -> MySQL 8.4',
      ],
    );
  });

  it('reads Java versions of every scheme, with Corretto\'s dates for Corretto images', () => {
    assert.deepEqual(runtimeLines(['JAVA_VERSION=jdk8u392-b08']), []);
    assert.deepEqual(runtimeLines(['JAVA_VERSION=18.0.2.1']), ['Eclipse Temurin 18 (JAVA_VERSION=18.0.2.1) -> Eclipse Temurin 21']);
    assert.deepEqual(runtimeLines(['JAVA_HOME=/usr/lib/jvm/java-19-amazon-corretto', 'JAVA_VERSION=19.0.2']), ['Amazon Corretto 19 (JAVA_VERSION=19.0.2) -> Amazon Corretto 21']);
  });

  it('reports runtimes installed from upstream packages, naming the package and its layer', () => {
    const findings = runtimeFindings([], [{ name: 'nodejs', version: '16.20.2-1nodesource1', layerIndex: 3 }]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.layerIndex, 3);
    assert.match(findings[0]?.message ?? '', /has Node\.js 16 \(gallium\) \(package nodejs 16\.20\.2-1nodesource1, layer 3\)/);
    assert.deepEqual(
      runtimeLines([], [
        { name: 'postgresql-11', version: '11.22-1.pgdg120+1' },
        { name: 'php8.0-cli', version: '1:8.0.30-1+0~20230827.68+debian12~1.gbpd1f6c1' },
        { name: 'temurin-11-jdk', version: '11.0.21.0.0+9' },
        { name: 'java-1.8.0-amazon-corretto-devel', version: '1.8.0_392.b08-1', ecosystem: 'rpm' },
      ]),
      [
        'PostgreSQL 11 (package postgresql-11 11.22-1.pgdg120+1, layer 0) -> PostgreSQL 15',
        'PHP 8.0 (package php8.0-cli 1:8.0.30-1+0~20230827.68+debian12~1.gbpd1f6c1, layer 0) -> PHP 8.2',
      ],
    );
  });

  it('leaves runtimes the distribution builds to image-os-eol', () => {
    assert.deepEqual(
      runtimeFindings([], [
        { name: 'nodejs', version: '12.22.12~dfsg-1~deb11u4' },
        { name: 'nodejs', version: '16.20.2-r0', ecosystem: 'apk' },
        { name: 'python3.9', version: '3.9.2-1' },
        { name: 'postgresql-13', version: '13.13-0+deb11u1' },
        { name: 'nodejs', version: '16.20.2-1nodesource1', ecosystem: 'npm' },
      ]),
      [],
    );
  });

  it('reports each runtime once', () => {
    const findings = runtimeFindings(['NODE_VERSION=16.20.2'], [{ name: 'nodejs', version: '16.20.2-1nodesource1' }]);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /NODE_VERSION=16\.20\.2/);
  });

  it('says nothing for supported, imprecise or unreadable versions', () => {
    assert.deepEqual(runtimeFindings(['NODE_VERSION=22.11.0', 'PYTHON_VERSION=3', 'GOLANG_VERSION=', 'RUBY_VERSION=latest', 'PHP_VERSION=8.3.1']), []);
    assert.deepEqual(runtimeFindings(['NODE_VERSION=20.11.1'], [], '2026-04-30'), []);
    assert.equal(runtimeFindings(['NODE_VERSION=20.11.1'], [], '2026-05-01').length, 1);
  });
});
