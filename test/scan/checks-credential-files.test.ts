// image-credential-file: each credential file format with a real credential, and the same file empty, with
// placeholders or references, or delegating to a helper. No message may contain a secret.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { imageCredentialFile } from '../../server/src/scan/checks/image-credential-file';
import type { ImageFile } from '../../server/src/scan/types';
import { ALNUM, randomText, tokens } from '../helpers/fake-credentials';
import { allText, checkInput, imageFile } from '../helpers/image-check-input';

const PASSWORD = 'Zq8mW2vRt6yPx4nK-' + randomText(ALNUM, 8, 40);
const TOKEN = randomText(ALNUM, 48, 41);
const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;

function run(files: ImageFile[]) {
  return imageCredentialFile.run(checkInput({ files }));
}

/** One file with a credential: one finding of that severity whose message says `what`, and no secret in it. */
function assertReported(path: string, text: string, severity: string, what: RegExp, secrets: string[]): void {
  const findings = run([imageFile(path, text, { layerIndex: 2 })]);
  assert.equal(findings.length, 1, `${path}: ${JSON.stringify(findings)}`);
  assert.equal(findings[0]?.id, 'image-credential-file');
  assert.equal(findings[0]?.severity, severity);
  assert.equal(findings[0]?.path, path);
  assert.equal(findings[0]?.layerIndex, 2);
  assert.match(findings[0]?.message ?? '', what);
  for (const secret of secrets) assert.ok(!allText(findings).includes(secret), `${path} shows ${secret}`);
}

function assertQuiet(path: string, text: string): void {
  assert.deepEqual(run([imageFile(path, text)]), [], `${path} with ${JSON.stringify(text)}`);
}

const dockerAuth = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');

const cases: Array<{ name: string; path: string; real: string; severity?: string; what: RegExp; secrets: string[]; quiet: string[] }> = [
  {
    name: 'Docker config with a registry login',
    path: 'root/.docker/config.json',
    real: JSON.stringify({ auths: { 'ghcr.io': { auth: dockerAuth } } }),
    what: /^File \/root\/\.docker\/config\.json \(Docker client configuration, layer 2\) of image "acme\/app:1\.0" holds a login for registry ghcr\.io \(a value of 44 characters\)\. /,
    secrets: [dockerAuth, PASSWORD],
    quiet: ['', '{}', JSON.stringify({ auths: {} }), JSON.stringify({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }), JSON.stringify({ auths: { 'ghcr.io': { auth: '' } } }), JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from('user:').toString('base64') } } }), 'not json'],
  },
  {
    name: 'Docker config with an identity token',
    path: 'home/app/.docker/config.json',
    real: JSON.stringify({ auths: { 'myregistry.azurecr.io': { identitytoken: TOKEN } } }),
    what: /an identity token for registry myregistry\.azurecr\.io/,
    secrets: [TOKEN],
    quiet: [],
  },
  {
    name: '.npmrc with an auth token',
    path: 'app/.npmrc',
    real: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${tokens.npm}\n`,
    what: /holds an npm access token in _authToken|holds an npm token for registry\.npmjs\.org \("npm_…" \(40 characters\)\)/,
    secrets: [tokens.npm],
    quiet: ['registry=https://registry.npmjs.org/\n', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', '_authToken=\n', '; _authToken=xxx\n'],
  },
  {
    name: 'global npmrc with a password for a private registry on a port',
    path: 'usr/local/etc/npmrc',
    real: `//npm.internal:4873/:_password=${Buffer.from(PASSWORD).toString('base64')}\n`,
    what: /an npm password for npm\.internal:4873/,
    secrets: [Buffer.from(PASSWORD).toString('base64')],
    quiet: [],
  },
  {
    name: 'Yarn configuration',
    path: 'app/.yarnrc.yml',
    real: `npmRegistries:\n  "https://npm.pkg.github.com":\n    npmAuthToken: ${tokens.githubClassic}\n`,
    what: /a Yarn npmAuthToken for https:\/\/npm\.pkg\.github\.com/,
    secrets: [tokens.githubClassic],
    quiet: ['npmAuthToken: "${NPM_TOKEN}"\n', 'nodeLinker: node-modules\n'],
  },
  {
    name: 'Git credential store',
    path: 'root/.git-credentials',
    real: `https://ci-bot:${PASSWORD}@github.com\n`,
    what: /a password or token for github\.com/,
    secrets: [PASSWORD],
    // A well-known password (user:changeme) is reported as weak; a stand-in is not.
    quiet: ['', 'https://github.com\n', 'https://user:<token>@github.com\n'],
  },
  {
    name: 'AWS credentials',
    path: 'root/.aws/credentials',
    real: `[default]\naws_access_key_id = ${tokens.awsKeyId}\naws_secret_access_key = ${tokens.awsSecret}\n`,
    what: /the AWS secret access key of profile "default"/,
    secrets: [tokens.awsSecret],
    quiet: ['[default]\nregion = eu-west-1\n', '[default]\naws_secret_access_key =\n', '[default]\naws_secret_access_key = <your-secret-key>\n'],
  },
  {
    name: 'AWS config with a profile key',
    path: 'home/app/.aws/config',
    real: `[profile deploy]\naws_secret_access_key=${tokens.awsSecret}\n`,
    what: /the AWS secret access key of profile "deploy"/,
    secrets: [tokens.awsSecret],
    quiet: ['[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = default\n'],
  },
  {
    name: '.pypirc',
    path: 'root/.pypirc',
    real: `[distutils]\nindex-servers = pypi\n\n[pypi]\nusername: __token__\npassword: pypi-${TOKEN}\n`,
    what: /the password for package index "pypi" \("pypi-…" \(53 characters\)\)/,
    secrets: [TOKEN],
    quiet: ['[pypi]\nusername = __token__\n', '[pypi]\npassword = <token>\n'],
  },
  {
    name: 'pip configuration with a password in the index URL',
    path: 'etc/pip.conf',
    real: `[global]\nindex-url = https://deploy:${PASSWORD}@pypi.internal.example/simple\n`,
    what: /holds a password in a URL/,
    secrets: [PASSWORD],
    quiet: ['[global]\nindex-url = https://pypi.internal.example/simple\n'],
  },
  {
    name: '.netrc',
    path: 'root/.netrc',
    real: `machine api.github.com\n  login ci-bot\n  password ${PASSWORD}\n`,
    what: /the password for machine api\.github\.com/,
    secrets: [PASSWORD],
    quiet: ['machine api.github.com login ci-bot\n', 'machine example.com login x password ${TOKEN}\n'],
  },
  {
    name: '.pgpass',
    path: 'root/.pgpass',
    real: `# comment\ndb.internal:5432:app:app:${PASSWORD.replace('-', '\\:')}\n`,
    what: /the PostgreSQL password of user "app" for db\.internal:5432\/app/,
    secrets: [PASSWORD, PASSWORD.replace('-', ':'), PASSWORD.replace('-', '\\:')],
    quiet: ['# hostname:port:database:username:password\n', 'db:5432:app:app:\n'],
  },
  {
    name: 'kubeconfig with a token',
    path: 'root/.kube/config',
    real: `apiVersion: v1\nkind: Config\nusers:\n  - name: admin\n    user:\n      token: ${TOKEN}\n`,
    what: /the token of user "admin"/,
    secrets: [TOKEN],
    quiet: ['users:\n- name: kind\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n    token: REDACTED\n', 'apiVersion: v1\nkind: Config\nusers:\n  - name: eks\n    user:\n      exec:\n        apiVersion: client.authentication.k8s.io/v1beta1\n        command: aws\n', 'users: [', ''],
  },
  {
    name: 'kubeconfig with a client key',
    path: 'home/app/.kube/config',
    real: `users:\n- name: kind\n  user:\n    client-certificate-data: ${Buffer.from('cert').toString('base64')}\n    client-key-data: ${Buffer.from(privateKey).toString('base64')}\n`,
    what: /the client private key of user "kind"/,
    secrets: [Buffer.from(privateKey).toString('base64')],
    quiet: [],
  },
  {
    name: 'Google service account key',
    path: 'app/service-account.json',
    real: JSON.stringify({ type: 'service_account', client_email: 'deploy@acme.iam.gserviceaccount.com', private_key: privateKey }),
    what: /the private key of service account deploy@acme\.iam\.gserviceaccount\.com \(a value of 241 characters\)/,
    secrets: [privateKey.split('\n')[1] ?? 'missing'],
    quiet: [JSON.stringify({ type: 'service_account', client_email: 'x@y', private_key: '' }), JSON.stringify({ installed: { client_id: 'abc.apps.googleusercontent.com' } })],
  },
  {
    name: 'gcloud application default credentials',
    path: 'root/.config/gcloud/application_default_credentials.json',
    real: JSON.stringify({ type: 'authorized_user', client_id: '764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com', refresh_token: `1//${TOKEN}` }),
    what: /a Google OAuth refresh token/,
    secrets: [TOKEN],
    quiet: [JSON.stringify({ type: 'authorized_user', refresh_token: '' })],
  },
  {
    name: 'Azure CLI token cache',
    path: 'root/.azure/msal_token_cache.json',
    real: JSON.stringify({ RefreshToken: { 'uid.utid-login.microsoftonline.com-refreshtoken-04b07795--': { secret: TOKEN } } }),
    what: /a cached Azure secret/,
    secrets: [TOKEN],
    quiet: [JSON.stringify({ RefreshToken: {}, AccessToken: {} })],
  },
  {
    name: 'GitHub CLI hosts',
    path: 'root/.config/gh/hosts.yml',
    real: `github.com:\n    oauth_token: ${tokens.githubOauth}\n    user: ci-bot\n`,
    what: /the GitHub CLI token for github\.com/,
    secrets: [tokens.githubOauth],
    quiet: ['github.com:\n    user: ci-bot\n    git_protocol: https\n'],
  },
  {
    name: 'Maven settings with a plain password',
    path: 'root/.m2/settings.xml',
    real: `<settings><servers><server><id>nexus</id><username>ci</username><password>${PASSWORD}</password></server></servers></settings>`,
    what: /the password of server "nexus"/,
    secrets: [PASSWORD],
    quiet: ['<settings><servers><server><id>nexus</id><password>${env.NEXUS_PASSWORD}</password></server></servers></settings>', `<settings><!-- <server><id>x</id><password>${PASSWORD}</password></server> --></settings>`],
  },
  {
    name: 'Maven settings with an encrypted password',
    path: 'home/app/.m2/settings.xml',
    real: '<settings><servers><server><id>nexus</id><password>{COQLCE6DU6GtcS5P=}</password></server></servers></settings>',
    severity: 'high',
    what: /an encrypted password of server "nexus"/,
    secrets: ['COQLCE6DU6GtcS5P'],
    quiet: [],
  },
  {
    name: 'Cargo credentials',
    path: 'root/.cargo/credentials.toml',
    real: `[registry]\ntoken = "cio${TOKEN}"\n`,
    what: /the value of token/,
    secrets: [TOKEN],
    quiet: ['[registry]\ntoken = ""\n'],
  },
  {
    name: '.env with a secret-looking name',
    path: 'app/.env',
    real: `NODE_ENV=production\nexport SESSION_SECRET="${PASSWORD}" # set by ops\nPORT=3000\n`,
    severity: 'high',
    what: /^File \/app\/\.env \(environment file, layer 2\) of image "acme\/app:1\.0" holds the value of SESSION_SECRET/,
    secrets: [PASSWORD],
    quiet: ['NODE_ENV=production\nPORT=3000\n', 'SESSION_SECRET=\nAPI_KEY=changeme\nDB_PASSWORD=${DB_PASSWORD}\nAUTH_ENABLED=true\n', '# API_KEY=abc\n'],
  },
  {
    name: '.env with a credential format',
    path: 'app/.env.production',
    real: `STRIPE=${tokens.stripeSecret}\n`,
    what: /holds a Stripe live secret key in STRIPE/,
    secrets: [tokens.stripeSecret],
    quiet: [],
  },
  {
    name: 'Terraform variables',
    path: 'infra/prod.tfvars',
    real: `region = "eu-west-1"\ndb_password = "${PASSWORD}"\n`,
    severity: 'high',
    what: /Terraform variables, layer 2\) .* holds the value of db_password/,
    secrets: [PASSWORD],
    quiet: ['region = "eu-west-1"\ndb_password = "changeme"\n'],
  },
];

describe('image-credential-file', () => {
  for (const { name, path, real, severity = 'critical', what, secrets, quiet } of cases) {
    it(`reports ${name}`, () => assertReported(path, real, severity, what, secrets));
    if (quiet.length > 0) it(`is quiet about ${name.replace(/ with .*/, '')} without credentials`, () => quiet.forEach((text) => assertQuiet(path, text)));
  }

  it('names three credentials of a file and counts the rest', () => {
    const text = [1, 2, 3, 4, 5].map((n) => `machine host${n}.example login u password ${PASSWORD}${n}`).join('\n');
    const findings = run([imageFile('root/.netrc', text)]);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /host1\.example .*; the password for machine host2\.example .*; the password for machine host3\.example .*; and 2 more\./);
    assert.ok(!allText(findings).includes(PASSWORD));
  });

  it('ignores files of other names, packages\' sample files, and files whose content was not kept', () => {
    const findings = run([
      imageFile('app/config.json', JSON.stringify({ auths: { 'ghcr.io': { auth: dockerAuth } } })),
      imageFile('app/node_modules/dotenv/tests/.env', `SESSION_SECRET=${PASSWORD}\n`),
      imageFile('usr/share/doc/awscli/examples/.aws/credentials', `[default]\naws_secret_access_key = ${tokens.awsSecret}\n`),
      imageFile('app/.env.example', `SESSION_SECRET=${PASSWORD}\n`),
      imageFile('root/.npmrc', null, { size: 4096 }),
    ]);
    assert.deepEqual(findings, []);
  });

  it('caps the findings with one that counts the rest', () => {
    const files = Array.from({ length: 53 }, (_, index) => imageFile(`srv/app${String(index).padStart(2, '0')}/.env`, `API_TOKEN=${PASSWORD}\n`));
    const findings = run(files);
    assert.equal(findings.length, 51);
    assert.match(findings[50]?.message ?? '', /^3 more credential files of image "acme\/app:1\.0" hold credentials; only the first 50 are listed/);
  });
});
