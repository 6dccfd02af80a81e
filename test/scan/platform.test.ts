import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectPlatformManifest } from '../../server/src/scan/image-manifest';
import { choosePlatform, formatPlatform, hostPlatform, normalizePlatform, parsePlatform, platformMatches } from '../../server/src/scan/platform';
import type { Descriptor, Platform } from '../../server/src/scan/types';

function entry(platform: Platform | undefined, name: string, annotations?: Record<string, string>): Descriptor {
  const digest = `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`;
  return { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 100, platform, annotations };
}

function chosen(entries: Descriptor[], wanted: Platform): string {
  const choice = selectPlatformManifest(entries, wanted);
  return choice.found ? formatPlatform(choice.descriptor.platform!) : `none of ${choice.available.join(', ')}`;
}

describe('platform text', () => {
  it('parses os/architecture[/variant], trimmed and lower-cased', () => {
    assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(parsePlatform(' Linux/ARM64/v8 '), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(parsePlatform(' Linux/AMD64 '), { os: 'linux', architecture: 'amd64' });
  });

  it('refuses a bare architecture and malformed text, as the CLI, the settings and scan requests do', () => {
    assert.equal(parsePlatform('amd64'), undefined);
    assert.equal(parsePlatform('arm64'), undefined);
    assert.equal(parsePlatform('linux//v7'), undefined);
    assert.equal(parsePlatform('linux/amd64/v1/extra'), undefined);
    assert.equal(parsePlatform(''), undefined);
  });

  it('formats os/architecture/variant', () => {
    assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
    assert.equal(formatPlatform({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
    assert.equal(formatPlatform({ os: 'windows', architecture: 'amd64' }), 'windows/amd64');
  });
});

describe('hostPlatform', () => {
  it('maps Node architectures to image platforms, always for Linux', () => {
    assert.deepEqual(hostPlatform('x64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(hostPlatform('arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(hostPlatform('arm', 'LE', '6'), { os: 'linux', architecture: 'arm', variant: 'v6' });
    assert.deepEqual(hostPlatform('arm', 'LE', undefined), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(hostPlatform('ia32'), { os: 'linux', architecture: '386' });
    assert.deepEqual(hostPlatform('ppc64', 'LE'), { os: 'linux', architecture: 'ppc64le' });
    assert.deepEqual(hostPlatform('ppc64', 'BE'), { os: 'linux', architecture: 'ppc64' });
    assert.deepEqual(hostPlatform('s390x'), { os: 'linux', architecture: 's390x' });
    assert.equal(hostPlatform().os, 'linux');
  });
});

describe('platform matching', () => {
  it('normalises the aliases images use', () => {
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'aarch64' }), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.deepEqual(normalizePlatform({ os: 'Linux', architecture: 'x86_64' }), { os: 'linux', architecture: 'amd64', variant: '' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'armhf' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm', variant: '6' }), { os: 'linux', architecture: 'arm', variant: 'v6' });
  });

  it('treats arm64 without a variant as arm64/v8, and lets arm/v7 run older arm variants only', () => {
    assert.equal(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }), true);
    assert.equal(platformMatches({ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'aarch64', variant: 'v8' }), true);
    assert.equal(platformMatches({ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v6' }), true);
    assert.equal(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }), true);
    assert.equal(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }), false);
    assert.equal(platformMatches({ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64', variant: 'v3' }), false);
    assert.equal(platformMatches({ os: 'windows', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64' }), false);
  });

  it('without a wanted platform, prefers the machine’s own, then linux/amd64, then the first candidate', () => {
    const host = hostPlatform();
    const others = [{ os: 'linux', architecture: 'ppc64le' }, { os: 'linux', architecture: 'amd64' }].filter((p) => p.architecture !== host.architecture);
    assert.equal(choosePlatform(others, (p) => p)?.architecture, host.architecture === 'amd64' ? 'ppc64le' : 'amd64');
    assert.equal(choosePlatform([{ os: 'linux', architecture: 'mips64le' }, { os: 'linux', architecture: 's390x' }], (p) => p)?.architecture, 'mips64le');
  });

  it('with a wanted platform, takes the exact variant before compatible ones, and nothing else', () => {
    const arm = [{ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }];
    assert.equal(choosePlatform(arm, (p) => p, { os: 'linux', architecture: 'arm', variant: 'v7' })?.variant, 'v7');
    assert.equal(choosePlatform(arm.slice(0, 1), (p) => p, { os: 'linux', architecture: 'arm', variant: 'v7' })?.variant, 'v6');
    assert.equal(choosePlatform([{ os: 'linux', architecture: 'amd64' }], (p) => p, { os: 'linux', architecture: 'arm64' }), undefined);
  });
});

describe('selectPlatformManifest', () => {
  const index = [
    entry({ os: 'linux', architecture: 'amd64' }, 'amd64'),
    entry({ os: 'linux', architecture: 'arm', variant: 'v6' }, 'armv6'),
    entry({ os: 'linux', architecture: 'arm', variant: 'v7' }, 'armv7'),
    entry({ os: 'linux', architecture: 'arm64' }, 'arm64'),
    entry({ os: 'unknown', architecture: 'unknown' }, 'attestation', { 'vnd.docker.reference.type': 'attestation-manifest' }),
    entry(undefined, 'no-platform'),
  ];

  it('prefers the exact variant, then older compatible ones', () => {
    assert.equal(chosen(index, { os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
    assert.equal(chosen(index, { os: 'linux', architecture: 'arm', variant: 'v6' }), 'linux/arm/v6');
    assert.equal(chosen(index, { os: 'linux', architecture: 'arm', variant: 'v5' }), 'none of linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64');
    assert.equal(chosen(index, { os: 'linux', architecture: 'arm64', variant: 'v8' }), 'linux/arm64');
    assert.equal(chosen(index, { os: 'linux', architecture: 'amd64', variant: 'v3' }), 'linux/amd64');
  });

  it('does not offer a newer amd64 level than wanted, nor another OS', () => {
    const v3Only = [entry({ os: 'linux', architecture: 'amd64', variant: 'v3' }, 'v3'), entry({ os: 'windows', architecture: 'amd64' }, 'win')];
    assert.equal(chosen(v3Only, { os: 'linux', architecture: 'amd64' }), 'none of linux/amd64/v3, windows/amd64');
    assert.equal(chosen(v3Only, { os: 'linux', architecture: 'amd64', variant: 'v4' }), 'linux/amd64/v3');
  });

  it('never picks attestations', () => {
    assert.equal(chosen(index, { os: 'unknown', architecture: 'unknown' }), 'none of linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64');
  });
});
