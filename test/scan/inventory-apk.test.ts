import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeInventory } from '../../server/src/scan/inventory';
import { parseApkInstalled } from '../../server/src/scan/inventory/apk';
import { imageFiles } from '../helpers/image-files';

const INSTALLED = `C:Q1jJc1rAGxa4Gmfr1QNnI7bSEcmX0=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407639
I:667648
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
t:1705419898
c:ad1e4bd3f5cd2fc8fd9a7dc6a3fd1b7a3b7c6e10
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1c3ZCn1y9QiGjAhk5rZvfT4p0aFw=

C:Q1R1HJw4lPR3W4sTxBvLWgI7DxdFc=
P:libcrypto3
V:3.1.4-r5
A:x86_64
o:openssl
F:usr/lib
R:libcrypto.so.3

C:Q1broken
P:no-version
A:x86_64

P:zlib
V:1.3.1-r0
A:x86_64
o:zlib
`;

describe('parseApkInstalled', () => {
  it('lists packages with their origin', () => {
    const { records, warnings } = parseApkInstalled(Buffer.from(INSTALLED), 'lib/apk/db/installed');
    assert.deepEqual(records, [
      { name: 'musl', version: '1.2.4_git20230717-r4', ecosystem: 'apk', arch: 'x86_64', license: 'MIT', sourceName: 'musl', sourceVersion: '1.2.4_git20230717-r4' },
      { name: 'libcrypto3', version: '3.1.4-r5', ecosystem: 'apk', arch: 'x86_64', sourceName: 'openssl', sourceVersion: '3.1.4-r5' },
      { name: 'zlib', version: '1.3.1-r0', ecosystem: 'apk', arch: 'x86_64', sourceName: 'zlib', sourceVersion: '1.3.1-r0' },
    ]);
    assert.deepEqual(warnings, ['1 package in /lib/apk/db/installed had no valid name or version and was left out of the inventory.']);
  });

  it('warns about a file that is no apk database', () => {
    const result = parseApkInstalled(Buffer.from('this is not\nan apk database\n'), 'lib/apk/db/installed');
    assert.equal(result.unreadable, true);
    assert.deepEqual(result.records, []);
    assert.deepEqual(result.warnings, ['The apk database /lib/apk/db/installed holds no package entries that could be read, so its packages are missing from the inventory.']);
  });
});

describe('apk in the inventory', () => {
  it('gives Alpine purls with the release', async () => {
    const inventory = await takeInventory(
      imageFiles({
        'etc/os-release': 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\n',
        'lib/apk/db/installed': { content: INSTALLED, layer: 0 },
      }),
    );
    assert.deepEqual(
      inventory.packages.map((pkg) => pkg.purl),
      [
        'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1',
        'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1',
        'pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64&distro=alpine-3.19.1',
      ],
    );
    assert.equal(inventory.warnings.length, 1);
  });
});
