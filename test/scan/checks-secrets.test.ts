// Secrets in the image configuration: Env entries and the build history. No message may contain a secret,
// only a masked prefix of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHistoryStep, historySteps } from '../../server/src/scan/checks/history-steps';
import { imageEnvSecret } from '../../server/src/scan/checks/image-env-secret';
import { imageHistorySecret } from '../../server/src/scan/checks/image-history-secret';
import { maskSecret } from '../../server/src/scan/checks/mask-secret';
import type { ImageConfig } from '../../server/src/scan/types';
import { tokens } from '../helpers/fake-credentials';
import { allText, checkInput, resolvedImage } from '../helpers/image-check-input';

const DB_PASSWORD = 'Tr0ub4dor-3-horse-battery';

function envFindings(env: string[]) {
  return imageEnvSecret.run(checkInput({ image: resolvedImage({ Env: env }) }));
}

function historyFindings(history: NonNullable<ImageConfig['history']>, env: string[] = [], layerCount = history.filter((entry) => !entry.empty_layer).length) {
  return imageHistorySecret.run(checkInput({ image: resolvedImage({ Env: env }, { history }, layerCount) }));
}

describe('maskSecret', () => {
  it('shows only the type marker of a token, and nothing of other secrets', () => {
    assert.equal(maskSecret(tokens.npm), `"npm_…" (40 characters)`);
    assert.equal(maskSecret(tokens.githubFineGrained), `"github_pat_…" (93 characters)`);
    assert.equal(maskSecret(tokens.awsSecret), 'a value of 40 characters');
    assert.equal(maskSecret('hunter2'), 'a value of 7 characters');
    assert.equal(maskSecret('x'), 'a value of 1 character');
    assert.equal(maskSecret('npm_'), 'a value of 4 characters');
  });
});

describe('image-env-secret', () => {
  it('reports a credential format as critical, masked', () => {
    const findings = envFindings(['PATH=/usr/local/bin:/usr/bin', `GH_TOKEN=${tokens.githubClassic}`]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.equal(findings[0]?.id, 'image-env-secret');
    assert.ok(findings[0]?.message.startsWith('Environment variable GH_TOKEN of image "acme/app:1.0" holds a GitHub token ("ghp_…" (40 characters))'), findings[0]?.message);
    assert.ok(!allText(findings).includes(tokens.githubClassic));
  });

  it('finds a credential under any name, such as a password in a URL', () => {
    const findings = envFindings(['DATABASE_URL=postgres://app:' + DB_PASSWORD + '@db:5432/app']);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'critical');
    assert.match(findings[0]?.message ?? '', /DATABASE_URL .* holds a password in a URL/);
    assert.ok(!allText(findings).includes(DB_PASSWORD));
  });

  it('recognises an AWS secret key by the name in front of it', () => {
    const findings = envFindings([`AWS_SECRET_ACCESS_KEY=${tokens.awsSecret}`]);
    assert.equal(findings[0]?.severity, 'critical');
    assert.match(findings[0]?.message ?? '', /an AWS secret access key/);
    assert.ok(!allText(findings).includes(tokens.awsSecret));
  });

  it('reports a secret-looking name with a real value as high', () => {
    const findings = envFindings([`DB_PASSWORD=${DB_PASSWORD}`]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'high');
    assert.match(findings[0]?.message ?? '', /DB_PASSWORD .* holds a value its name marks as secret \(a value of 25 characters\)/);
    assert.ok(!allText(findings).includes(DB_PASSWORD));
  });

  it('skips placeholders, references, non-secret values and harmless names', () => {
    const findings = envFindings([
      'DB_PASSWORD=',
      'DB_PASSWORD_FILE=/run/secrets/db',
      'API_TOKEN=changeme',
      'API_TOKEN2=${API_TOKEN}',
      'AUTH_ENABLED=true',
      'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
      'NODE_VERSION=20.11.1',
      'SSL_PRIVATE_KEY=/etc/ssl/private/app.key',
      'AUTH_URL=https://sso.example.com/login',
      `BUILD_REF=${tokens.npm.replace('npm_', 'xyz_')}`,
      'BROKEN_ENTRY',
      '=VALUE',
    ]);
    assert.deepEqual(findings, []);
  });
});

describe('reading build history', () => {
  it('reads classic-builder and BuildKit steps', () => {
    assert.deepEqual(parseHistoryStep('/bin/sh -c #(nop)  ENV A=1 B="two words"'), { instruction: 'ENV', buildArgs: [], env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two words' }] });
    assert.deepEqual(parseHistoryStep('|2 TOKEN=abc NPM_TOKEN=def /bin/sh -c npm ci'), {
      instruction: 'RUN',
      buildArgs: [{ name: 'TOKEN', value: 'abc' }, { name: 'NPM_TOKEN', value: 'def' }],
      env: [],
    });
    assert.deepEqual(parseHistoryStep('RUN |1 TOKEN=abc /bin/sh -c make # buildkit'), { instruction: 'RUN', buildArgs: [{ name: 'TOKEN', value: 'abc' }], env: [] });
    assert.deepEqual(parseHistoryStep('ARG VERSION=1.2'), { instruction: 'ARG', buildArgs: [{ name: 'VERSION', value: '1.2' }], env: [] });
    assert.deepEqual(parseHistoryStep('/bin/sh -c #(nop) COPY file:abc in / '), { instruction: 'COPY', buildArgs: [], env: [] });
    assert.deepEqual(parseHistoryStep('/bin/sh -c apt-get update'), { instruction: 'RUN', buildArgs: [], env: [] });
  });

  it('ties steps to layers only when the counts line up', () => {
    const history = [{ created_by: 'ADD file:x in /' }, { created_by: 'ENV A=1', empty_layer: true }, { created_by: 'RUN make' }];
    assert.deepEqual(historySteps({ history }, 2).map((step) => step.layerIndex), [0, undefined, 1]);
    assert.deepEqual(historySteps({ history }, 3).map((step) => step.layerIndex), [undefined, undefined, undefined]);
  });
});

describe('image-history-secret', () => {
  it('reports build arguments a RUN step saw, naming step and layer, masked', () => {
    const findings = historyFindings([
      { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { created_by: 'ARG NPM_TOKEN', empty_layer: true },
      { created_by: `RUN |2 NPM_TOKEN=${tokens.npm} BUILD_ID=42 /bin/sh -c npm ci # buildkit` },
    ]);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'high');
    assert.equal(findings[0]?.layerIndex, 1);
    assert.ok(
      findings[0]?.message.startsWith('Build step 3 of 3 (RUN, layer 1) of image "acme/app:1.0" recorded build argument NPM_TOKEN holding an npm access token ("npm_…" (40 characters)).'),
      findings[0]?.message,
    );
    assert.ok(!allText(findings).includes(tokens.npm));
  });

  it('reports a secret-like build argument with an arbitrary value', () => {
    const findings = historyFindings([{ created_by: `|1 DB_PASSWORD=${DB_PASSWORD} /bin/sh -c ./migrate` }]);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /build argument DB_PASSWORD holding a value its name marks as secret/);
    assert.ok(!allText(findings).includes(DB_PASSWORD));
  });

  it('reports ARG defaults and credentials in command text', () => {
    const findings = historyFindings([
      { created_by: `ARG API_TOKEN=${DB_PASSWORD}`, empty_layer: true },
      { created_by: `/bin/sh -c git clone https://deploy:${DB_PASSWORD}@git.example.com/app.git /src` },
    ]);
    assert.equal(findings.length, 2);
    assert.match(findings[0]?.message ?? '', /^Build step 1 of 2 \(ARG\) .* the default of build argument API_TOKEN/);
    assert.equal(findings[0]?.layerIndex, undefined);
    assert.match(findings[1]?.message ?? '', /the command text holding a password in a URL/);
    assert.ok(!allText(findings).includes(DB_PASSWORD));
  });

  it('leaves ENV values that are still in Env to image-env-secret, and reports overwritten ones', () => {
    const history = [
      { created_by: `ENV GH_TOKEN=${tokens.githubClassic}`, empty_layer: true },
      { created_by: `/bin/sh -c #(nop)  ENV OLD_TOKEN=${tokens.githubOauth}`, empty_layer: true },
      { created_by: 'ENV OLD_TOKEN=', empty_layer: true },
    ];
    const findings = historyFindings(history, [`GH_TOKEN=${tokens.githubClassic}`, 'OLD_TOKEN='], 0);
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /^Build step 2 of 3 \(ENV\) .* ENV OLD_TOKEN holding a GitHub token \("gho_…" \(40 characters\)\)\. .*Later steps changed or removed the variable/);
    assert.ok(!allText(findings).includes(tokens.githubOauth));
    assert.ok(!allText(findings).includes(tokens.githubClassic));
  });

  it('ignores harmless history', () => {
    const findings = historyFindings([
      { created_by: '/bin/sh -c #(nop) ADD file:abc in / ' },
      { created_by: 'ENV PYTHON_VERSION=3.12.1 GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305', empty_layer: true },
      { created_by: '|2 NPM_TOKEN= VERSION=1.2 /bin/sh -c npm ci' },
      { created_by: 'RUN |1 GITHUB_TOKEN=${GITHUB_TOKEN} /bin/sh -c make # buildkit' },
      { created_by: 'RUN /bin/sh -c echo "$API_TOKEN" > /dev/null # buildkit' },
      { created_by: 'RUN /bin/sh -c git clone https://github.com/acme/app.git # buildkit' },
    ]);
    assert.deepEqual(findings, []);
  });

  it('caps the findings with one that counts the rest', () => {
    const history = Array.from({ length: 60 }, (_, index) => ({ created_by: `|1 DB_PASSWORD=${DB_PASSWORD}${index} /bin/sh -c true` }));
    const findings = historyFindings(history);
    assert.equal(findings.length, 51);
    assert.match(findings[50]?.message ?? '', /^10 more build steps of image "acme\/app:1\.0" recorded secrets; only the first 50 are listed/);
  });
});
