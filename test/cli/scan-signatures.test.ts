// `shipshape scan` with a signature policy, as a user runs it: the built CLI against a loopback registry
// serving an image signed in the test, keys given with --key or in .shipshape.yaml.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import type { ScanReport } from '../../server/src/protocol';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { cosignSignature, generateTestKey, type TestKey } from '../helpers/signed-images';
import { buildImage, type TestImage } from '../helpers/test-image';
import { runCliAsync } from './helpers';

describe('cli: shipshape scan signatures', () => {
  let signed: TestImage;
  let unsigned: TestImage;
  let key: TestKey;
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;

  before(async () => {
    signed = buildImage({ layers: [[{ path: 'app/a.js', content: 'a' }]] });
    unsigned = buildImage({ layers: [[{ path: 'app/b.js', content: 'b' }]] });
    key = generateTestKey('ec-p256');
    const sig = cosignSignature('app', signed.manifest.digest, key.privateKey);
    registry = await startRegistryServer({
      repositories: { app: { blobs: [...signed.blobs, ...unsigned.blobs, ...sig.blobs], tags: { signed: signed.manifest, unsigned: unsigned.manifest, [sig.tag]: sig.manifest } } },
    });
    work = mkdtempSync(path.join(tmpdir(), 'shipshape-sign-cli-'));
    env = { HOME: work, XDG_CACHE_HOME: path.join(work, 'cache'), DOCKER_CONFIG: path.join(work, 'docker') };
    writeFileSync(path.join(work, 'cosign.pub'), key.publicPem);
    writeFileSync(path.join(work, 'other.pub'), generateTestKey('ed25519').publicPem);
  });
  after(async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const scan = (tag: string, ...flags: string[]) =>
    runCliAsync(['scan', `${registry.host}/app:${tag}`, '--offline', '--fail-on', 'never', ...flags], { cwd: work, env });

  it('verifies a signature with --key and reports it in JSON', async () => {
    const run = await scan('signed', '--key', 'cosign.pub', '--require-signature', '--format', 'json');
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.signature.status, 'verified');
    assert.deepEqual(report.signature.signatures, [{ format: 'cosign', signer: 'key cosign.pub', verified: true }]);
  });

  it('fails --require-signature on an unsigned image with exit 1 and says why', async () => {
    const run = await scan('unsigned', '--key', 'cosign.pub', '--require-signature');
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /Signature\n {2}unsigned {2}No signature found/);
    assert.match(run.stderr, /signature unsigned: No signature found.*requires a verified signature/);
  });

  it('calls a signature by another key untrusted in stylish and SARIF, exit 0 when not required', async () => {
    const stylish = await scan('signed', '--key', 'other.pub');
    assert.equal(stylish.status, 0, stylish.stderr);
    assert.match(stylish.stdout, /untrusted {2}Signed, but not by a trusted signer: none of the trusted keys \(other\.pub\) verifies it/);
    const sarif = await scan('signed', '--key', 'other.pub', '--format', 'sarif', '--require-signature');
    assert.equal(sarif.status, 1);
    const log = JSON.parse(sarif.stdout) as Sarif.Log;
    const result = log.runs[0]?.results?.find((item) => item.ruleId === 'image-signature');
    assert.equal(result?.level, 'error');
    assert.match(result?.message.text ?? '', /^Signature untrusted: /);
    assert.equal(log.runs[0]?.properties?.signature, 'untrusted');
  });

  it('takes the policy and its keys from .shipshape.yaml, paths relative to that file', async () => {
    const project = path.join(work, 'project');
    mkdirSync(path.join(project, 'keys', 'nested'), { recursive: true });
    writeFileSync(path.join(project, 'keys', 'release.pub'), key.publicPem);
    writeFileSync(path.join(project, '.shipshape.yaml'), `images:\n  signatures:\n    require: ["${registry.host}/app:*"]\n    keys: [keys/release.pub]\n`);
    const cwd = path.join(project, 'keys', 'nested');
    const verified = await runCliAsync(['scan', `${registry.host}/app:signed`, '--offline', '--fail-on', 'never', '--format', 'json'], { cwd, env });
    assert.equal(verified.status, 0, verified.stderr);
    assert.equal((JSON.parse(verified.stdout) as ScanReport).signature.required, true);
    const failing = await runCliAsync(['scan', `${registry.host}/app:unsigned`, '--offline', '--fail-on', 'never'], { cwd, env });
    assert.equal(failing.status, 1, failing.stderr);
  });

  it('refuses a key file that is not a public key, before scanning', async () => {
    writeFileSync(path.join(work, 'broken.pub'), 'not a key');
    const run = await scan('signed', '--key', 'broken.pub');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /the signature key broken\.pub is not a PEM public key/);
    assert.equal(run.stdout, '');
  });
});
