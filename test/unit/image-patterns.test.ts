// Glob patterns over image references: images.allowedRegistries and images.approved entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  approvedReplacement,
  imagePatternMatches,
  isImageApproved,
  isRegistryAllowed,
  normaliseRegistryPattern,
  parseImagePattern,
  patternsForRepository,
  registryPatternMatches,
  type ImagePattern,
} from '../../server/src/engine/image-patterns';
import { parseImageReference, type ImageReference } from '../../server/src/engine/image-reference';

function ref(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reference;
}

function pattern(text: string): ImagePattern {
  const parsed = parseImagePattern(text);
  if (!parsed) throw new Error(`no pattern in "${text}"`);
  return parsed;
}

describe('normaliseRegistryPattern', () => {
  it('lower-cases, drops a scheme and trailing slashes, and maps Docker Hub aliases', () => {
    assert.equal(normaliseRegistryPattern('  Registry.Example.com:5000/ '), 'registry.example.com:5000');
    assert.equal(normaliseRegistryPattern('https://ghcr.io/My-Org/'), 'ghcr.io/my-org');
    for (const alias of ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']) {
      assert.equal(normaliseRegistryPattern(alias), 'docker.io', alias);
    }
    assert.equal(normaliseRegistryPattern('index.docker.io/library'), 'docker.io/library');
    assert.equal(normaliseRegistryPattern('   '), undefined);
  });
});

describe('registryPatternMatches', () => {
  it('covers every way of writing a Docker Hub image with docker.io', () => {
    for (const image of ['node:22', 'library/node', 'bitnami/redis:7', 'docker.io/node', 'index.docker.io/library/node:22', 'registry-1.docker.io/org/app']) {
      assert.ok(registryPatternMatches('docker.io', ref(image)), image);
    }
    assert.ok(!registryPatternMatches('docker.io', ref('ghcr.io/org/app:1')));
  });

  it('matches host globs against the registry only', () => {
    assert.ok(registryPatternMatches('*.azurecr.io', ref('myteam.azurecr.io/api:1.4')));
    assert.ok(!registryPatternMatches('*.azurecr.io', ref('azurecr.io.evil.example/api:1')));
    assert.ok(!registryPatternMatches('*.azurecr.io', ref('node:22')));
    assert.ok(registryPatternMatches('*', ref('quay.io/prometheus/node-exporter')));
    assert.ok(registryPatternMatches('*-docker.pkg.dev', ref('us-docker.pkg.dev/project/repo/image:1')));
  });

  it('matches hosts with ports exactly', () => {
    assert.ok(registryPatternMatches('localhost:5000', ref('localhost:5000/team/app:dev')));
    assert.ok(!registryPatternMatches('localhost:5000', ref('localhost:5001/team/app:dev')));
    assert.ok(!registryPatternMatches('localhost', ref('localhost:5000/team/app')));
    assert.ok(registryPatternMatches('localhost:*', ref('localhost:5000/team/app')));
    assert.ok(registryPatternMatches('REGISTRY.example.com:5000', ref('registry.example.com:5000/app')));
  });

  it('treats an entry with a path as a namespace prefix', () => {
    assert.ok(registryPatternMatches('ghcr.io/my-org', ref('ghcr.io/my-org/api:1')));
    assert.ok(registryPatternMatches('ghcr.io/my-org', ref('ghcr.io/my-org/team/api:1')));
    assert.ok(!registryPatternMatches('ghcr.io/my-org', ref('ghcr.io/my-org-evil/api:1')));
    assert.ok(registryPatternMatches('docker.io/library', ref('python:3.12')));
    assert.ok(!registryPatternMatches('docker.io/library', ref('bitnami/python:3.12')));
    assert.ok(registryPatternMatches('ghcr.io/my-*', ref('ghcr.io/my-org/team/api')));
  });

  it('allows an image when any entry matches', () => {
    assert.ok(isRegistryAllowed(ref('gcr.io/distroless/static'), ['docker.io', 'gcr.io']));
    assert.ok(!isRegistryAllowed(ref('quay.io/coreos/etcd'), ['docker.io', 'gcr.io']));
    assert.ok(!isRegistryAllowed(ref('node'), []));
  });
});

describe('parseImagePattern', () => {
  it('normalises concrete entries through the reference parser', () => {
    assert.deepEqual(pattern('python:3.12-slim'), {
      text: 'python:3.12-slim',
      name: 'docker.io/library/python',
      tag: '3.12-slim',
      digest: undefined,
      concrete: true,
    });
    assert.equal(pattern('index.docker.io/library/python').name, 'docker.io/library/python');
    assert.equal(pattern('localhost:5000/base/app:1').name, 'localhost:5000/base/app');
    assert.equal(pattern(' python ').text, 'python');
  });

  it('normalises glob entries the way Docker normalises names', () => {
    assert.equal(pattern('gcr.io/distroless/*').name, 'gcr.io/distroless/*');
    assert.equal(pattern('node*').name, 'docker.io/library/node*');
    assert.equal(pattern('docker.io/*').name, 'docker.io/library/*');
    assert.equal(pattern('bitnami/*').name, 'docker.io/bitnami/*');
    assert.equal(pattern('*.azurecr.io/team/*:1.*').name, '*.azurecr.io/team/*');
    assert.equal(pattern('*.azurecr.io/team/*:1.*').tag, '1.*');
    assert.equal(pattern('python:3.12-*').concrete, false);
    assert.equal(pattern('**').name, '**');
    assert.equal(parseImagePattern(''), undefined);
  });

  it('splits a digest off', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const parsed = pattern(`python:3.12-slim@${digest}`);
    assert.equal(parsed.digest, digest);
    assert.equal(parsed.tag, '3.12-slim');
    assert.equal(parsed.concrete, true);
  });
});

describe('imagePatternMatches', () => {
  it('matches familiar and fully qualified forms alike', () => {
    assert.ok(imagePatternMatches(pattern('python:3.12-slim'), ref('docker.io/library/python:3.12-slim')));
    assert.ok(imagePatternMatches(pattern('docker.io/library/python:3.12-slim'), ref('python:3.12-slim')));
    assert.ok(!imagePatternMatches(pattern('python:3.12-slim'), ref('python:3.12')));
  });

  it('approves any tag when the entry has none, and globs tags', () => {
    assert.ok(imagePatternMatches(pattern('python'), ref('python:3.9')));
    assert.ok(imagePatternMatches(pattern('python'), ref('python')));
    assert.ok(imagePatternMatches(pattern('node:22-*'), ref('node:22-alpine')));
    assert.ok(!imagePatternMatches(pattern('node:22-*'), ref('node:20-alpine')));
    assert.ok(!imagePatternMatches(pattern('python'), ref('bitnami/python:3.12')));
  });

  it('reads a missing tag as latest, and a digest-only reference as no tag', () => {
    assert.ok(imagePatternMatches(pattern('alpine:latest'), ref('alpine')));
    assert.ok(!imagePatternMatches(pattern('alpine:3.20'), ref('alpine')));
    assert.ok(!imagePatternMatches(pattern('alpine:latest'), ref(`alpine@sha256:${'b'.repeat(64)}`)));
  });

  it('matches namespaces with * for one level and ** for any depth', () => {
    assert.ok(imagePatternMatches(pattern('gcr.io/distroless/*'), ref('gcr.io/distroless/static-debian12:nonroot')));
    assert.ok(!imagePatternMatches(pattern('gcr.io/distroless/*'), ref('gcr.io/distroless/a/b')));
    assert.ok(imagePatternMatches(pattern('registry.example.com/base/**'), ref('registry.example.com/base/java/jre:21')));
    assert.ok(imagePatternMatches(pattern('*'), ref('quay.io/anything/at:all')));
  });

  it('requires the exact digest when the entry names one', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const other = `sha256:${'d'.repeat(64)}`;
    assert.ok(imagePatternMatches(pattern(`python:3.12-slim@${digest}`), ref(`python:3.12-slim@${digest}`)));
    assert.ok(!imagePatternMatches(pattern(`python:3.12-slim@${digest}`), ref(`python:3.12-slim@${other}`)));
    assert.ok(!imagePatternMatches(pattern(`python:3.12-slim@${digest}`), ref('python:3.12-slim')));
    assert.ok(imagePatternMatches(pattern('python:3.12-slim'), ref(`python:3.12-slim@${other}`)));
  });

  it('approves an image when any entry matches', () => {
    const approved = ['python:3.12-slim', 'gcr.io/distroless/*'].map(pattern);
    assert.ok(isImageApproved(ref('gcr.io/distroless/base'), approved));
    assert.ok(!isImageApproved(ref('python:3.11'), approved));
  });
});

describe('approvedReplacement', () => {
  it('picks the first concrete entry for the same repository', () => {
    const approved = ['node:22-*', 'python:3.13-*', 'python:3.12-slim', 'python:3.13-slim', 'gcr.io/distroless/python3'].map(pattern);
    assert.equal(approvedReplacement(ref('python:3.9'), approved)?.text, 'python:3.12-slim');
    assert.equal(approvedReplacement(ref('docker.io/library/python:3.9'), approved)?.text, 'python:3.12-slim');
    assert.equal(approvedReplacement(ref('node:18'), approved), undefined);
    assert.equal(approvedReplacement(ref('bitnami/python:3.9'), approved), undefined);
  });
});

describe('patternsForRepository', () => {
  it('lists the entries that approve some tag of the same repository', () => {
    const approved = ['node:26-*', 'python:3.13-slim', 'docker.io/library/*:stable', 'gcr.io/distroless/*'].map(pattern);
    assert.deepEqual(patternsForRepository(ref('node:22-alpine'), approved).map((entry) => entry.text), ['node:26-*', 'docker.io/library/*:stable']);
    assert.deepEqual(patternsForRepository(ref('quay.io/org/app'), approved), []);
  });
});
