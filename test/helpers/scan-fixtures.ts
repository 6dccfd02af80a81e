// A realistic image for end-to-end scan tests (CLI, language server, benchmarks) and the OSV records that
// match its packages: a Debian 12 base with dpkg packages, a Node app with an old lodash, a private key, a
// setuid helper, SSH exposed and no USER. Every test that scans "the shop image" expects the same results.
import { generateKeyPairSync } from 'node:crypto';
import type { Platform } from '../../server/src/scan/types';
import type { OsvFixtureRecord } from './osv-server';
import { buildImage, type LayerEntry, type TestImage } from './test-image';

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
`;

const DPKG_STATUS = `Package: base-files
Status: install ok installed
Priority: required
Architecture: amd64
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries

Package: openssl
Status: install ok installed
Architecture: amd64
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - cryptographic utility
`;

export const SHOP_IMAGE_REPOSITORY = 'shop/api';
export const SHOP_IMAGE_TAG = '1.4.2';

export function shopImageLayers(): LayerEntry[][] {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return [
    [
      { path: 'etc/', type: 'directory', mode: 0o755 },
      { path: 'etc/os-release', content: OS_RELEASE },
      { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/bash\nnode:x:1000:1000::/home/node:/bin/sh\n' },
      { path: 'var/lib/dpkg/status', content: DPKG_STATUS },
      { path: 'usr/bin/passwd', content: 'ELF', mode: 0o4755 },
    ],
    [
      { path: 'app/package.json', content: JSON.stringify({ name: 'shop-api', version: '1.4.2', private: true }) },
      { path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.20', license: 'MIT' }) },
      { path: 'app/node_modules/express/package.json', content: JSON.stringify({ name: 'express', version: '4.19.2', license: { type: 'MIT' } }) },
      { path: 'root/.ssh/id_rsa', content: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), mode: 0o600 },
      { path: 'usr/local/bin/debug-helper', content: '#!/bin/sh\n', mode: 0o4755 },
    ],
  ];
}

export function shopImage(platform?: Platform): TestImage {
  return buildImage({
    ...(platform ? { platform } : {}),
    layers: shopImageLayers(),
    config: {
      config: {
        Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production'],
        ExposedPorts: { '3000/tcp': {}, '22/tcp': {} },
        Cmd: ['node', 'server.js'],
        WorkingDir: '/app',
      },
      history: [
        { created: '2024-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) ADD file:debian-rootfs in /' },
        { created: '2024-01-01T00:00:00Z', created_by: 'COPY . /app # buildkit' },
      ],
    },
  });
}

/** OSV records for the shop image: one Debian advisory on the openssl source package, one GHSA on lodash,
 * and one record for a version the image does not have (must not match). */
export const SHOP_OSV_RECORDS: OsvFixtureRecord[] = [
  {
    id: 'DSA-5585-1',
    aliases: ['CVE-2023-5678'],
    summary: 'openssl: excessive time spent in DH check / generation with large Q parameter value',
    modified: '2024-01-01T00:00:00Z',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' }],
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'openssl' },
        versions: ['3.0.11-1~deb12u1', '3.0.11-1~deb12u2'],
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://www.debian.org/security/2023/dsa-5585' }],
  },
  {
    id: 'GHSA-35jh-r3h4-6jhm',
    aliases: ['CVE-2021-23337'],
    summary: 'Command Injection in lodash',
    modified: '2024-01-01T00:00:00Z',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lodash' },
        versions: ['4.17.20'],
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
      },
    ],
    database_specific: { severity: 'HIGH' },
  },
  {
    id: 'GHSA-0000-express-old',
    summary: 'An express advisory for versions this image does not have',
    modified: '2024-01-01T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'express' }, versions: ['4.17.0'], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.1' }] }] }],
  },
];
