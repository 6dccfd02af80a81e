import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportSignature } from '../../server/src/protocol';
import { connectRegistry } from '../../server/src/scan/registry/registry-client';
import { scanImage } from '../../server/src/scan/scan-image';
import { checkImageSignatures } from '../../server/src/scan/signatures/image-signatures';
import { parseTrustedKey, type TrustedKey } from '../../server/src/scan/signatures/trusted-keys';
import { testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import type { TestRegistryOptions } from '../helpers/registry-server';
import { cosignSignature, generateTestKey, sigstoreBundleReferrer, type TestKeyType } from '../helpers/signed-images';
import { blob } from '../helpers/test-blob';
import { buildImage } from '../helpers/test-image';

const image = buildImage({ layers: [[{ path: 'app/server.js', content: 'console.log(1)' }]] });
const other = buildImage({ layers: [[{ path: 'app/other.js', content: 'other' }]] });
const digest = image.manifest.digest;

function trusted(pem: string, label = 'cosign.pub'): TrustedKey {
  const loaded = parseTrustedKey(pem, label);
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.message);
  return loaded.key;
}

async function signaturesOf(options: Omit<TestRegistryOptions, 'repositories'> & { extraBlobs?: ReturnType<typeof blob>[]; tags?: Record<string, ReturnType<typeof blob>> }, keys: TrustedKey[]): Promise<ReportSignature> {
  const { extraBlobs = [], tags = {}, ...rest } = options;
  return withRegistry({ ...rest, repositories: { app: { blobs: [...image.blobs, ...other.blobs, ...extraBlobs], tags: { '1.0': image.manifest, ...tags } } } }, async (registry) => {
    const client = connectRegistry(`${registry.host}/app:1.0`, testRegistryOptions());
    return checkImageSignatures(client, digest, { keys, required: false });
  });
}

describe('cosign signatures in the .sig tag', () => {
  for (const type of ['ec-p256', 'ec-p384', 'ed25519', 'rsa'] as TestKeyType[]) {
    it(`verifies an image signed with a trusted ${type} key`, async () => {
      const key = generateTestKey(type);
      const sig = cosignSignature('registry/app', digest, key.privateKey);
      const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, [trusted(key.publicPem)]);
      assert.equal(result.status, 'verified', result.note);
      assert.deepEqual(result.signatures, [{ format: 'cosign', signer: 'key cosign.pub', verified: true }]);
      assert.match(result.note, /Signed by key cosign\.pub/);
    });
  }

  it('reports an image with no signature as unsigned', async () => {
    const result = await signaturesOf({}, [trusted(generateTestKey('ec-p256').publicPem)]);
    assert.equal(result.status, 'unsigned');
    assert.deepEqual(result.signatures, []);
  });

  it('calls a signature by a key nobody trusts untrusted', async () => {
    const signer = generateTestKey('ec-p256');
    const sig = cosignSignature('registry/app', digest, signer.privateKey);
    const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, [trusted(generateTestKey('ec-p256').publicPem, 'team.pub')]);
    assert.equal(result.status, 'untrusted');
    assert.equal(result.signatures[0]?.verified, false);
    assert.match(result.note, /none of the trusted keys \(team\.pub\) verifies it/);
  });

  it('says no key is configured when a signed image is checked without keys', async () => {
    const sig = cosignSignature('registry/app', digest, generateTestKey('ed25519').privateKey);
    const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, []);
    assert.equal(result.status, 'untrusted');
    assert.match(result.note, /no trusted key is configured/);
  });

  it('finds a .sig whose payload names another digest invalid, even when the key is trusted', async () => {
    const key = generateTestKey('ec-p256');
    const sig = cosignSignature('registry/app', digest, key.privateKey, { payloadDigest: other.manifest.digest });
    const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, [trusted(key.publicPem)]);
    assert.equal(result.status, 'invalid');
    assert.match(result.note, new RegExp(`the signature is for ${other.manifest.digest}, not for this image's digest ${digest}`));
  });

  it('finds a signature annotation that is not base64 invalid, and says so', async () => {
    const key = generateTestKey('ec-p256');
    const sig = cosignSignature('registry/app', digest, key.privateKey, { signatureAnnotation: 'not base64 at all!*' });
    const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, [trusted(key.publicPem)]);
    assert.equal(result.status, 'invalid');
    assert.match(result.note, /the dev\.cosignproject\.cosign\/signature annotation is not base64/);
  });

  it('does not verify a signature whose bytes were altered', async () => {
    const key = generateTestKey('ec-p256');
    const good = cosignSignature('registry/app', digest, key.privateKey);
    const forged = Buffer.from(generateTestKey('ec-p256').privateKey.export({ type: 'pkcs8', format: 'der' })).subarray(0, 70).toString('base64');
    const sig = cosignSignature('registry/app', digest, key.privateKey, { signatureAnnotation: forged });
    assert.notEqual(good.manifest.digest, sig.manifest.digest);
    const result = await signaturesOf({ extraBlobs: sig.blobs, tags: { [sig.tag]: sig.manifest } }, [trusted(key.publicPem)]);
    assert.notEqual(result.status, 'verified');
  });

  it('is unavailable, never unsigned, when the registry fails', async () => {
    const result = await signaturesOf({ alwaysStatus: 500 }, []);
    assert.equal(result.status, 'unavailable');
    assert.match(result.note, /could not be looked up: Could not fetch the cosign signature tag/);
  });
});

describe('Sigstore bundles through the referrers API', () => {
  it('verifies a key-signed DSSE bundle listed by the referrers API', async () => {
    const key = generateTestKey('ec-p256');
    const bundle = sigstoreBundleReferrer(digest, key.privateKey);
    const result = await signaturesOf({ extraBlobs: bundle.blobs, referrers: { app: { [digest]: [bundle.descriptor] } } }, [trusted(key.publicPem)]);
    assert.equal(result.status, 'verified', result.note);
    assert.deepEqual(result.signatures, [{ format: 'sigstore-bundle', signer: 'key cosign.pub', verified: true }]);
  });

  it('finds bundles under the sha256-<hex> tag when the registry lacks the referrers API', async () => {
    const key = generateTestKey('ed25519');
    const bundle = sigstoreBundleReferrer(digest, key.privateKey);
    const index = blob('application/vnd.oci.image.index.v1+json', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [bundle.descriptor] });
    const result = await signaturesOf({ extraBlobs: bundle.blobs, tags: { [digest.replace(':', '-')]: index } }, [trusted(key.publicPem)]);
    assert.equal(result.status, 'verified', result.note);
  });

  it('does not verify a bundle made for another digest', async () => {
    const key = generateTestKey('ec-p256');
    const bundle = sigstoreBundleReferrer(other.manifest.digest, key.privateKey);
    const result = await signaturesOf({ extraBlobs: bundle.blobs, referrers: { app: { [digest]: [bundle.descriptor] } } }, [trusted(key.publicPem)]);
    assert.equal(result.status, 'invalid');
    assert.match(result.note, /does not name this image's digest/);
  });

  it('reads a bounded share of 10,000 referrers and never calls the image verified', async () => {
    const listed = Array.from({ length: 10_000 }, (_, index) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      digest: `sha256:${index.toString(16).padStart(64, '0')}`,
      size: 500,
    }));
    const started = Date.now();
    const result = await signaturesOf({ referrers: { app: { [digest]: listed } } }, [trusted(generateTestKey('ec-p256').publicPem)]);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(result.status, 'unavailable');
    assert.match(result.note, /lists 9984 more signatures than the 16 Shipshape reads/);
  });

  it('says the referrers API answered with HTML, and does not call the image unsigned', async () => {
    const result = await signaturesOf({ referrersHtml: true }, []);
    assert.equal(result.status, 'unavailable');
    assert.match(result.note, /the referrers API answered with something that is not JSON \(text\/html\), not an OCI image index/);
  });
});

describe('the scan report', () => {
  it('carries the signature status of a registry image', async () => {
    const key = generateTestKey('ec-p256');
    const sig = cosignSignature('registry/app', digest, key.privateKey);
    await withRegistry({ repositories: { app: { blobs: [...image.blobs, ...sig.blobs], tags: { '1.0': image.manifest, [sig.tag]: sig.manifest } } } }, async (registry) => {
      const report = await scanImage(
        { kind: 'registry', image: `${registry.host}/app:1.0` },
        { ...testRegistryOptions(), allowNetwork: true, lookUpVulnerabilities: false, signatures: { keys: [trusted(key.publicPem)], required: true } },
      );
      assert.equal(report.signature.status, 'verified', report.signature.note);
      assert.equal(report.signature.digest, digest);
      assert.equal(report.signature.required, true);
    });
  });
});
