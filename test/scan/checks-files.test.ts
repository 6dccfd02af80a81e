// Image checks that read the image's files: private keys, setuid and world-writable files, and which file
// contents the layer reader keeps for them.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { IMAGE_CHECK_FILES, MAX_CHECKED_FILE_BYTES } from '../../server/src/scan/checks';
import { imagePrivateKey } from '../../server/src/scan/checks/image-private-key';
import { imageSetuidFile } from '../../server/src/scan/checks/image-setuid-file';
import { imageWorldWritable } from '../../server/src/scan/checks/image-world-writable';
import type { ImageFile } from '../../server/src/scan/types';
import { BASE64, randomText } from '../helpers/fake-credentials';
import { checkInput, imageFile } from '../helpers/image-check-input';

const rsaKey = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const encryptedPkcs8 = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;
const encryptedRsa = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/** An OpenSSH-format key: the `openssh-key-v1` header with the given cipher, then filler for the rest. */
function opensshKey(cipher: string): string {
  const field = (text: string) => Buffer.concat([Buffer.from([0, 0, 0, text.length]), Buffer.from(text, 'latin1')]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), field(cipher), field(cipher === 'none' ? 'none' : 'bcrypt'), Buffer.from(randomText(BASE64, 180, 7))]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}

function puttyKey(encryption: string): string {
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    `Encryption: ${encryption}`,
    'Comment: deploy',
    'Public-Lines: 2',
    randomText(BASE64, 64, 8),
    randomText(BASE64, 20, 9),
    'Private-Lines: 1',
    randomText(BASE64, 44, 10),
    `Private-MAC: ${randomText('0123456789abcdef', 64, 11)}`,
    '',
  ].join('\n');
}

const CERTIFICATE = `-----BEGIN CERTIFICATE-----\n${randomText(BASE64, 64, 12)}\n-----END CERTIFICATE-----\n`;

function keyFindings(files: ImageFile[]) {
  return imagePrivateKey.run(checkInput({ files }));
}

describe('image-private-key', () => {
  it('reports an unencrypted RSA key as critical, naming file and layer', () => {
    const findings = keyFindings([imageFile('root/.ssh/id_rsa', rsaKey.privateKey, { layerIndex: 3 })]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.id, 'image-private-key');
    assert.equal(findings[0]?.severity, 'critical');
    assert.equal(findings[0]?.path, 'root/.ssh/id_rsa');
    assert.equal(findings[0]?.layerIndex, 3);
    assert.ok(findings[0]?.message.startsWith('File /root/.ssh/id_rsa (layer 3) of image "acme/app:1.0" holds an RSA private key without a passphrase'), findings[0]?.message);
    assert.ok(!findings[0]?.message.includes(rsaKey.privateKey.split('\n')[1] ?? '-'));
  });

  it('finds a key bundled with its certificate', () => {
    const findings = keyFindings([imageFile('app/certs/server.pem', CERTIFICATE + ecKey.privateKey)]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.match(findings[0]?.message ?? '', /holds an EC private key without a passphrase/);
  });

  it('tells OpenSSH and PuTTY keys with and without a passphrase apart', () => {
    const findings = keyFindings([
      imageFile('home/app/.ssh/deploy', opensshKey('none')),
      imageFile('home/app/.ssh/deploy-protected', opensshKey('aes256-ctr')),
      imageFile('opt/keys/deploy.ppk', puttyKey('none')),
      imageFile('opt/keys/protected.ppk', puttyKey('aes256-cbc')),
    ]);
    assert.deepEqual(
      findings.map((finding) => [finding.path, finding.severity]),
      [
        ['home/app/.ssh/deploy', 'critical'],
        ['home/app/.ssh/deploy-protected', 'high'],
        ['opt/keys/deploy.ppk', 'critical'],
        ['opt/keys/protected.ppk', 'high'],
      ],
    );
    assert.match(findings[0]?.message ?? '', /an OpenSSH private key without a passphrase/);
    assert.match(findings[1]?.message ?? '', /an OpenSSH private key protected by a passphrase/);
    assert.match(findings[2]?.message ?? '', /a PuTTY private key \(ssh-ed25519\) without a passphrase/);
  });

  it('reports encrypted PEM keys as high', () => {
    const findings = keyFindings([imageFile('app/a.key', encryptedPkcs8), imageFile('app/b.key', encryptedRsa)]);
    assert.deepEqual(findings.map((finding) => finding.severity), ['high', 'high']);
    assert.match(findings[0]?.message ?? '', /a PKCS#8 private key protected by a passphrase/);
    assert.match(findings[1]?.message ?? '', /an RSA private key protected by a passphrase/);
  });

  it('explains SSH host keys and the snakeoil key', () => {
    const findings = keyFindings([
      imageFile('etc/ssh/ssh_host_ed25519_key', opensshKey('none'), { layerIndex: 4 }),
      imageFile('etc/ssl/private/ssl-cert-snakeoil.key', rsaKey.privateKey, { layerIndex: 4 }),
    ]);
    assert.deepEqual(findings.map((finding) => [finding.path, finding.severity]), [
      ['etc/ssh/ssh_host_ed25519_key', 'high'],
      ['etc/ssl/private/ssl-cert-snakeoil.key', 'medium'],
    ]);
    assert.match(findings[0]?.message ?? '', /SSH host key generated during the build/);
    assert.match(findings[1]?.message ?? '', /"snakeoil" key that Debian's ssl-cert package generates/);
  });

  it('reports PKCS#12 key stores from their metadata', () => {
    const findings = keyFindings([imageFile('app/keystore.p12', null, { size: 2600, layerIndex: 5 }), imageFile('app/empty.pfx', null, { size: 0 })]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'medium');
    assert.match(findings[0]?.message ?? '', /^File \/app\/keystore\.p12 \(layer 5\) of image "acme\/app:1\.0" is a PKCS#12 key store/);
  });

  it('skips packages\' test data and documentation, public keys, certificates and placeholders', () => {
    const findings = keyFindings([
      imageFile('usr/share/doc/openssl/demos/server.key', rsaKey.privateKey),
      imageFile('usr/local/go/src/crypto/tls/testdata/example-key.pem', ecKey.privateKey),
      imageFile('app/node_modules/agent-base/test/ssl-cert-snakeoil.key', rsaKey.privateKey),
      imageFile('usr/lib/python3/dist-packages/twisted/test/server.pem', rsaKey.privateKey),
      imageFile('root/go/pkg/mod/github.com/acme/tls@v1.0.0/testdata/key.pem', rsaKey.privateKey),
      imageFile('app/node_modules/x/fixtures/key.p12', null, { size: 100 }),
      imageFile('root/.ssh/id_rsa.pub', rsaKey.publicKey),
      imageFile('app/cert.pem', CERTIFICATE),
      imageFile('app/example.key', '-----BEGIN RSA PRIVATE KEY-----\n...your key here...\n-----END RSA PRIVATE KEY-----\n'),
      imageFile('app/config.txt', rsaKey.privateKey),
      imageFile('root/.ssh', null, { type: 'directory', mode: 0o700 }),
    ]);
    assert.deepEqual(findings, []);
  });

  it('checks the image author\'s own test folders', () => {
    const findings = keyFindings([imageFile('app/tests/keys/id_ed25519', opensshKey('none'))]);
    assert.equal(findings.length, 1);
  });

  it('caps the findings with one that counts the rest', () => {
    const files = Array.from({ length: 57 }, (_, index) => imageFile(`keys/k${String(index).padStart(2, '0')}.pem`, ecKey.privateKey));
    const findings = keyFindings(files);
    assert.equal(findings.length, 51);
    assert.equal(findings[49]?.path, 'keys/k49.pem');
    assert.match(findings[50]?.message ?? '', /^7 more files of image "acme\/app:1\.0" hold private keys; only the first 50 are listed/);
  });
});

describe('image-setuid-file', () => {
  const usual = [
    imageFile('usr/bin/passwd', null, { mode: 0o4755 }),
    imageFile('bin/su', null, { mode: 0o4755 }),
    imageFile('usr/bin/chage', null, { mode: 0o2755, gid: 42 }),
    imageFile('usr/lib/openssh/ssh-keysign', null, { mode: 0o4755 }),
  ];

  it('sums up the usual distribution programs in one informational finding', () => {
    const findings = imageSetuidFile.run(checkInput({ files: usual }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'info');
    assert.ok(
      findings[0]?.message.startsWith('Image "acme/app:1.0" has 4 setuid or setgid programs that Linux distributions install that way: /bin/su, /usr/bin/chage, /usr/bin/passwd, /usr/lib/openssh/ssh-keysign.'),
      findings[0]?.message,
    );
  });

  it('reports other setuid and setgid files on their own', () => {
    const findings = imageSetuidFile.run(
      checkInput({
        files: [
          ...usual,
          imageFile('usr/local/bin/passwd', null, { mode: 0o4755, layerIndex: 6 }),
          imageFile('opt/app/helper', null, { mode: 0o2750, gid: 50, layerIndex: 7 }),
          imageFile('usr/bin/ls', null, { mode: 0o755 }),
          imageFile('var/mail', null, { type: 'directory', mode: 0o2775 }),
          imageFile('usr/bin/sulink', null, { type: 'symlink', mode: 0o4777, linkname: 'su' }),
        ],
      }),
    );
    assert.deepEqual(findings.map((finding) => [finding.path, finding.severity, finding.layerIndex]), [
      ['opt/app/helper', 'medium', 7],
      ['usr/local/bin/passwd', 'medium', 6],
      [undefined, 'info', undefined],
    ]);
    assert.match(findings[0]?.message ?? '', /^File \/opt\/app\/helper \(layer 7\) of image "acme\/app:1\.0" is setgid \(mode 2750\): it runs with the privileges of its group \(gid 50\)/);
    assert.match(findings[1]?.message ?? '', /is setuid \(mode 4755\): it runs with the privileges of root \(its owner, uid 0\)/);
  });

  it('reports nothing for an image without special bits', () => {
    assert.deepEqual(imageSetuidFile.run(checkInput({ files: [imageFile('usr/bin/ls', null, { mode: 0o755 })] })), []);
  });

  it('caps the findings with one that counts the rest, and keeps the summary', () => {
    const files = [...usual, ...Array.from({ length: 62 }, (_, index) => imageFile(`opt/tools/t${String(index).padStart(2, '0')}`, null, { mode: 0o4755 }))];
    const findings = imageSetuidFile.run(checkInput({ files }));
    assert.equal(findings.length, 52);
    assert.equal(findings[49]?.path, 'opt/tools/t49');
    assert.match(findings[50]?.message ?? '', /^12 more setuid or setgid files of image "acme\/app:1\.0" are not listed here; only the first 50 are/);
    assert.equal(findings[51]?.severity, 'info');
  });
});

describe('image-world-writable', () => {
  it('reports world-writable files and directories without the sticky bit', () => {
    const findings = imageWorldWritable.run(
      checkInput({
        files: [
          imageFile('app/config.yml', null, { mode: 0o666, layerIndex: 3 }),
          imageFile('app/uploads', null, { type: 'directory', mode: 0o777, layerIndex: 4 }),
          imageFile('app/shared', null, { type: 'directory', mode: 0o1777 }),
          imageFile('tmp', null, { type: 'directory', mode: 0o777 }),
          imageFile('var/tmp', null, { type: 'directory', mode: 0o777 }),
          imageFile('dev/shm', null, { type: 'directory', mode: 0o777 }),
          imageFile('etc/alternatives/java', null, { type: 'symlink', mode: 0o777, linkname: '/usr/lib/jvm/bin/java' }),
          imageFile('app/run.sh', null, { mode: 0o775 }),
          imageFile('app/data', null, { type: 'directory', mode: 0o775 }),
          imageFile('app/link', null, { type: 'hardlink', mode: 0o666, linkname: 'app/config.yml' }),
        ],
      }),
    );
    assert.deepEqual(findings.map((finding) => [finding.path, finding.severity, finding.layerIndex]), [
      ['app/config.yml', 'medium', 3],
      ['app/uploads', 'medium', 4],
    ]);
    assert.match(findings[0]?.message ?? '', /^File \/app\/config\.yml \(layer 3\) of image "acme\/app:1\.0" is writable by every user \(mode 0666\)/);
    assert.match(findings[1]?.message ?? '', /^Directory \/app\/uploads \(layer 4\) .* has no sticky bit \(mode 0777\)/);
  });

  it('caps the findings with one that counts the rest', () => {
    const files = Array.from({ length: 75 }, (_, index) => imageFile(`data/f${String(index).padStart(2, '0')}`, null, { mode: 0o666 }));
    const findings = imageWorldWritable.run(checkInput({ files }));
    assert.equal(findings.length, 51);
    assert.match(findings[50]?.message ?? '', /^25 more world-writable files or directories of image "acme\/app:1\.0"/);
  });
});

describe('IMAGE_CHECK_FILES', () => {
  const wanted = [
    'root/.aws/credentials',
    '/root/.aws/credentials',
    'etc/passwd',
    'root/.ssh/id_ed25519',
    'home/app/.ssh/deploy_key',
    'home/app/.docker/config.json',
    'kaniko/.docker/config.json',
    'app/.env',
    'app/.env.production',
    'etc/ssl/private/server.key',
    'etc/ssh/ssh_host_rsa_key',
    'app/prod.tfvars',
    'root/.config/gcloud/application_default_credentials.json',
    'app/service-account.json',
    'root/.kube/config',
    'root/.npmrc',
    'usr/local/etc/npmrc',
    'root/.pgpass',
    'root/.git-credentials',
    'root/.netrc',
    'root/.pypirc',
    'etc/pip.conf',
    'root/.m2/settings.xml',
    'app/tls/server.pem',
    'opt/keys/deploy.ppk',
  ];
  for (const path of wanted) {
    it(`keeps ${path}`, () => assert.equal(IMAGE_CHECK_FILES(path, 512), true));
  }

  const unwanted = [
    'usr/lib/libc.so.6',
    'usr/lib/x86_64-linux-gnu/libssl.so.3',
    'etc/shadow',
    'etc/os-release',
    'etc/ssl/certs/ACCVRAIZ1.pem',
    'usr/local/lib/python3.12/site-packages/certifi/cacert.pem',
    'app/keystore.p12',
    'app/.env.example',
    'root/.ssh/known_hosts',
    'root/.ssh/authorized_keys',
    'root/.ssh/id_rsa.pub',
    'usr/share/doc/openssl/demos/server.key',
    'usr/local/go/src/crypto/tls/testdata/example-key.pem',
    'app/node_modules/pkg/test/fixtures/key.pem',
    'app/node_modules/pkg/test/.npmrc',
    'app/index.js',
  ];
  for (const path of unwanted) {
    it(`skips ${path}`, () => assert.equal(IMAGE_CHECK_FILES(path, 512), false));
  }

  it('skips oversized files', () => {
    assert.equal(IMAGE_CHECK_FILES('root/.aws/credentials', MAX_CHECKED_FILE_BYTES), true);
    assert.equal(IMAGE_CHECK_FILES('root/.aws/credentials', MAX_CHECKED_FILE_BYTES + 1), false);
    assert.equal(IMAGE_CHECK_FILES('etc/passwd', 10 * 1024 * 1024), false);
  });
});
