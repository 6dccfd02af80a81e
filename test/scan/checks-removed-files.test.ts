// Keys and credential files that a later layer deleted or overwrote: the layer that added them still holds
// them, so image-private-key and image-credential-file report them, naming both layers, without the secret.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkImage, IMAGE_CHECK_FILES } from '../../server/src/scan/checks';
import { imageCredentialFile } from '../../server/src/scan/checks/image-credential-file';
import { imagePrivateKey } from '../../server/src/scan/checks/image-private-key';
import { readImageFiles } from '../../server/src/scan/layers';
import type { ImageFile, RemovedFile } from '../../server/src/scan/types';
import { tokens } from '../helpers/fake-credentials';
import { allText, checkInput, imageFile, TODAY } from '../helpers/image-check-input';
import { buildImage, inMemoryImage } from '../helpers/test-image';

const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
const keyLine = rsaKey.split('\n')[1] ?? 'missing';
const NPMRC = `//registry.npmjs.org/:_authToken=${tokens.npm}\n`;

function removed(file: ImageFile, removedInLayer: number, how: RemovedFile['how'] = 'deleted'): RemovedFile {
  return { ...file, removedInLayer, how };
}

function inputWith(files: ImageFile[], removedFiles: RemovedFile[]) {
  const input = checkInput({ files });
  input.files.removed = removedFiles;
  return input;
}

describe('image-private-key: keys that later layers removed', () => {
  it('reports a private key deleted in a later layer as critical, naming both layers and the layer that holds it', () => {
    const findings = imagePrivateKey.run(inputWith([], [removed(imageFile('root/.ssh/id_rsa', rsaKey, { layerIndex: 1 }), 3)]));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.equal(findings[0]?.path, 'root/.ssh/id_rsa');
    assert.equal(findings[0]?.layerIndex, 1);
    assert.ok(
      findings[0]?.message.startsWith(
        'File /root/.ssh/id_rsa of image "acme/app:1.0" was added in layer 1 and deleted in layer 3, yet layer 1 still holds it, so anyone who pulls the image can extract it. It holds an RSA private key without a passphrase',
      ),
      findings[0]?.message,
    );
    assert.match(findings[0]?.message ?? '', /rebuild without ever adding the file: .*`\.dockerignore`.*--mount=type=secret.*--mount=type=ssh/);
    assert.ok(!allText(findings).includes(keyLine));
  });

  it('reports a key once when its overwritten version still holds it, and twice when the new version holds another', () => {
    const old = removed(imageFile('app/tls.key', rsaKey, { layerIndex: 0 }), 2, 'overwritten');
    const same = imagePrivateKey.run(inputWith([imageFile('app/tls.key', `# rotated comment\n${rsaKey}`, { layerIndex: 2 })], [old]));
    assert.deepEqual(same.map((finding) => finding.layerIndex), [2]);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const rotated = imagePrivateKey.run(inputWith([imageFile('app/tls.key', other, { layerIndex: 2 })], [old]));
    assert.deepEqual(rotated.map((finding) => [finding.layerIndex, finding.severity]), [[2, 'critical'], [0, 'critical']]);
    assert.match(rotated[1]?.message ?? '', /added in layer 0 and overwritten in layer 2, yet layer 0 still holds it/);
  });

  it('ignores removed SSH host keys, placeholders and files without keys', () => {
    const findings = imagePrivateKey.run(
      inputWith([], [
        removed(imageFile('etc/ssh/ssh_host_rsa_key', rsaKey), 1),
        removed(imageFile('app/key.pem', '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n'), 1),
        removed(imageFile('app/empty.pem', ''), 1),
        removed(imageFile('root/.ssh/id_rsa', null, { size: 2048 }), 1),
      ]),
    );
    assert.deepEqual(findings, []);
  });
});

describe('image-credential-file: credential files that later layers removed', () => {
  it('reports an .npmrc with a token overwritten by an empty one, masked', () => {
    const findings = imageCredentialFile.run(
      inputWith([imageFile('app/.npmrc', '', { layerIndex: 4 })], [removed(imageFile('app/.npmrc', NPMRC, { layerIndex: 2 }), 4, 'overwritten')]),
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.equal(findings[0]?.layerIndex, 2);
    assert.ok(
      findings[0]?.message.startsWith(
        'File /app/.npmrc (npm configuration) of image "acme/app:1.0" was added in layer 2 and overwritten in layer 4, yet layer 2 still holds it, so anyone who pulls the image can extract it. It holds ',
      ),
      findings[0]?.message,
    );
    assert.match(findings[0]?.message ?? '', /"npm_…" \(40 characters\).*Revoke or rotate these credentials now, then rebuild without ever adding the file/);
    assert.ok(!allText(findings).includes(tokens.npm));
  });

  it('does not report a removed placeholder file, nor an overwritten one whose new version still holds the same token', () => {
    const placeholder = removed(imageFile('app/.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', { layerIndex: 1 }), 2);
    assert.deepEqual(imageCredentialFile.run(inputWith([], [placeholder])), []);
    const stillThere = imageCredentialFile.run(
      inputWith([imageFile('app/.npmrc', `${NPMRC}registry=https://registry.npmjs.org/\n`, { layerIndex: 2 })], [removed(imageFile('app/.npmrc', NPMRC, { layerIndex: 1 }), 2, 'overwritten')]),
    );
    assert.deepEqual(stillThere.map((finding) => [finding.path, finding.layerIndex]), [['app/.npmrc', 2]]);
  });
});

describe('removed secrets, end to end through the layer reader', () => {
  it('finds a key and an .npmrc that later layers deleted and overwrote, and nothing in a clean image', async () => {
    const image = inMemoryImage(
      buildImage({
        layers: [
          [{ path: 'root/.ssh/id_rsa', content: rsaKey, mode: 0o600 }, { path: 'app/.npmrc', content: NPMRC }],
          [{ path: 'root/.ssh/.wh.id_rsa' }, { path: 'app/.npmrc', content: '' }],
        ],
        config: { config: { User: 'app', Healthcheck: { Test: ['CMD', 'true'] } } },
      }),
    );
    const files = await readImageFiles(image, IMAGE_CHECK_FILES);
    const findings = checkImage({ image, files, inventory: { packages: [], warnings: [] }, today: TODAY });
    const secrets = findings.filter((finding) => finding.id === 'image-private-key' || finding.id === 'image-credential-file');
    assert.deepEqual(secrets.map((finding) => `${finding.id} ${finding.severity} /${finding.path ?? ''} layer ${finding.layerIndex ?? ''}`).sort(), [
      'image-credential-file critical /app/.npmrc layer 0',
      'image-private-key critical /root/.ssh/id_rsa layer 0',
    ]);
    assert.match(allText(secrets), /added in layer 0 and deleted in layer 1/);
    assert.match(allText(secrets), /added in layer 0 and overwritten in layer 1/);
    assert.ok(!allText(findings).includes(tokens.npm) && !allText(findings).includes(keyLine));

    const clean = inMemoryImage(buildImage({ layers: [[{ path: 'app/.npmrc', content: 'registry=https://registry.npmjs.org/\n' }], [{ path: 'app/.wh..npmrc' }]] }));
    const cleanFiles = await readImageFiles(clean, IMAGE_CHECK_FILES);
    assert.equal(cleanFiles.removed?.length, 1);
    const cleanFindings = checkImage({ image: clean, files: cleanFiles, inventory: { packages: [], warnings: [] }, today: TODAY });
    assert.deepEqual(cleanFindings.filter((finding) => finding.id === 'image-private-key' || finding.id === 'image-credential-file'), []);
  });
});
