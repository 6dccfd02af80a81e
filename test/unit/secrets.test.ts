// The shared secret heuristics: names, placeholder values and credential formats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echoesKey, findCredentials, isNonSecretValue, isPlaceholderValue, isSecretLikeName, isWeakPassword, nameTokens, type CredentialKind } from '../../server/src/engine/secrets';
import { ALNUM, BASE32, BASE64, BASE64URL, base64url, HEX, randomText, tokens } from '../helpers/fake-credentials';

function kinds(text: string): CredentialKind[] {
  return findCredentials(text)
    .filter((match) => !match.placeholder)
    .map((match) => match.kind);
}

function matched(text: string): string[] {
  return findCredentials(text)
    .filter((match) => !match.placeholder)
    .map((match) => text.slice(match.start, match.end));
}

describe('nameTokens', () => {
  it('splits on separators and camelCase', () => {
    assert.deepEqual(nameTokens('DB_PASSWORD'), ['db', 'password']);
    assert.deepEqual(nameTokens('dbPassword'), ['db', 'password']);
    assert.deepEqual(nameTokens('APIKey'), ['api', 'key']);
    assert.deepEqual(nameTokens('spring.datasource.password'), ['spring', 'datasource', 'password']);
    assert.deepEqual(nameTokens('x-api-key'), ['x', 'api', 'key']);
    assert.deepEqual(nameTokens('ConnectionStrings__Default'), ['connection', 'strings', 'default']);
  });
});

describe('isSecretLikeName', () => {
  const secret = [
    'NPM_TOKEN', 'NODE_AUTH_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'CI_JOB_TOKEN', 'HF_TOKEN', 'OPENAI_API_KEY',
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_SECRET', 'DB_PASSWORD', 'DB_PASS', 'DB_PWD',
    'MYSQL_ROOT_PASSWORD', 'RABBITMQ_DEFAULT_PASS', 'SECRET_KEY', 'SECRET_KEY_BASE', 'DJANGO_SECRET_KEY',
    'JWT_SECRET', 'SESSION_SECRET', 'API_KEY', 'API_KEY_SECRET', 'API_TOKEN', 'AUTH_TOKEN', 'BASIC_AUTH_PASSWORD',
    'NPM_CONFIG__AUTH', 'SSH_PRIVATE_KEY', 'SSH_KEY', 'LICENSE_KEY', 'ENCRYPTION_KEY', 'ACCESS_TOKEN', 'ID_TOKEN',
    'CLIENT_SECRET', 'PRIVATE_KEY', 'TLS_KEY', 'CONNECTION_STRING', 'DB_CONNECTION_STRING', 'ConnectionStrings__Default',
    'apiKey', 'dbPassword', 'clientSecret', 'APIKey', 'PGPASSWORD', 'PASSPHRASE', 'GPG_PASSPHRASE', 'CR_PAT',
    'ADMIN_USER_PASSWORD', 'KEYSTORE_PASSWORD', 'DB_CREDENTIALS', 'REGISTRY_CREDS', 'PASSWORD2', 'CERT_KEY',
    'spring.datasource.password', 'x-api-key', 'GPG_PRIVATE_KEY',
    // named by both hadolint DL3064 and Trivy DS-0031, though `id` is a describing word
    'AWS_ACCESS_KEY_ID', 'aws_access_key_id', 'VITE_AWS_ACCESS_KEY_ID', 'REACT_APP_GOOGLE_API_KEY',
  ];
  const harmless = [
    // RULES.md's describing words after the secret word
    'POSTGRES_PASSWORD_FILE', 'TOKEN_URL', 'AUTH_URL', 'API_KEY_NAME', 'SECRET_NAME', 'SECRET_VERSION', 'SECRETS_DIR',
    'SECRET_PATH', 'AUTH_TYPE', 'AUTH_USER', 'AUTH_USERNAME', 'TOKEN_HOST', 'AUTH_PORT',
    'TOKEN_TIMEOUT', 'AUTH_ENABLED', 'PASSWORD_LENGTH', 'CREDENTIALS_FILE',
    // BuildKit's false-positive reports (moby/buildkit#5775, #5403, #6501)
    'KMS_KEY_ALIAS', 'KEY_NAME', 'PASSWORD_PROMPT_STRING', 'GPG_KEY_FILE', 'NODE_VERSION', 'PUBLIC_KEY', 'PASSWORD_VERSION',
    // `key` only as *_key or with api/private/access/secret
    'KEY', 'KEY_ID', 'KMS_KEY', 'GPG_KEY', 'GPG_KEYS', 'CACHE_KEY', 'PARTITION_KEY', 'SSH_KEY_PATH',
    // public by design, quantities, switches
    'NEXT_PUBLIC_API_KEY', 'STRIPE_PUBLISHABLE_KEY', 'MAX_TOKENS', 'MAX_INPUT_TOKENS', 'PASSWORD_MIN_LENGTH',
    'DISABLE_AUTH', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD', 'SSH_AUTH_SOCK',
    // no secret word at all, or one only as part of another word
    'PATH', 'HOME', 'PWD', 'OLDPWD', 'DB_USER', 'DATABASE_URL', 'TOKENIZERS_PARALLELISM', 'AUTHOR', 'AUTHORITY',
    'PASSTHROUGH', 'BYPASS_CACHE', 'PRIVATE_REGISTRY', 'SECRETARY', 'KEYBOARD_LAYOUT', 'MONKEY', 'TURNKEY',
    'secretKeyRef', 'imagePullSecretsRef', 'topologyKey',
  ];
  for (const name of secret) it(`${name} is secret-like`, () => assert.equal(isSecretLikeName(name), true));
  for (const name of harmless) it(`${name} is not secret-like`, () => assert.equal(isSecretLikeName(name), false));

  it('honours allowNames, exactly and case-insensitively', () => {
    assert.equal(isSecretLikeName('SENTRY_AUTH_TOKEN', ['sentry_auth_token']), false);
    assert.equal(isSecretLikeName('SENTRY_AUTH_TOKEN_2', ['sentry_auth_token']), true);
    assert.equal(isSecretLikeName('NPM_TOKEN', []), true);
  });
});

describe('isPlaceholderValue', () => {
  const placeholders = [
    '', '   ', '""', "''", '$NPM_TOKEN', '${NPM_TOKEN}', '${NPM_TOKEN:-}', '$(cat /run/secrets/token)', '${USER}:${PASS}',
    '{{ .Values.password }}', '${{ secrets.TOKEN }}', 'changeme', 'CHANGE_ME', 'change-me', 'changeit', '<your-token>',
    '<password>', '[token]', 'xxx', 'XXXXXXXX', '***', '...', 'TODO', 'todo', 'example', 'example-secret-value', 'dummy',
    'dummy-password', 'placeholder', 'your-api-key', 'YOUR_TOKEN_HERE', 'insert-key-here', 'secret', 'password', 'none',
    'null', 'REDACTED', 'mypass', 'my-secret', 'password123', 'secret1!',
  ];
  const real = ['hunter2', 's3cr3t-Pa55', 'Zq8mW2vRt6yPx4nK', 'postgres', 'prod-db-pass-2024', '12345', 'my-app'];
  for (const value of placeholders) it(`${JSON.stringify(value)} is a placeholder`, () => assert.equal(isPlaceholderValue(value), true));
  for (const value of real) it(`${JSON.stringify(value)} is not a placeholder`, () => assert.equal(isPlaceholderValue(value), false));
});

describe('isNonSecretValue', () => {
  it('recognises booleans, paths and URLs without a password', () => {
    for (const value of ['true', 'False', 'yes', 'off', '0', '1', '/run/secrets/db_password', './keys/app.key', '~/.ssh/id_rsa', 'https://sso.example.com/auth', '"/etc/ssl/private/tls.key"']) {
      assert.equal(isNonSecretValue(value), true, value);
    }
  });
  it('keeps literals and URLs with a password', () => {
    for (const value of ['hunter2', 'https://user:pw@example.com', '42', 'abc/def', 'Zq8mW2vRt6yPx4nK']) {
      assert.equal(isNonSecretValue(value), false, value);
    }
  });
});

describe('findCredentials', () => {
  it('finds AWS access key ids with or without the secret', () => {
    assert.deepEqual(kinds(`ENV AWS_ACCESS_KEY_ID=${tokens.awsKeyId}`), ['aws-access-key-id']);
    assert.deepEqual(kinds(`export AWS_ACCESS_KEY_ID=${tokens.awsTempKeyId}`), ['aws-access-key-id']);
    const both = `aws configure set aws_access_key_id ${tokens.awsKeyId} && aws configure set aws_secret_access_key ${tokens.awsSecret}`;
    assert.deepEqual(kinds(both), ['aws-access-key-id', 'aws-secret-access-key']);
    assert.deepEqual(matched(both), [tokens.awsKeyId, tokens.awsSecret]);
    assert.deepEqual(kinds(`AWS_SECRET_ACCESS_KEY="${tokens.awsSecret}"`), ['aws-secret-access-key']);
    assert.deepEqual(kinds(`aws_secret_access_key: ${tokens.awsSecret}`), ['aws-secret-access-key']);
  });

  it('ignores AWS key ids of the wrong shape and the documented examples', () => {
    assert.deepEqual(kinds('AKIA' + 'lowercase0123456789'), []);
    assert.deepEqual(kinds('XAKIA' + randomText(BASE32, 16, 40)), []);
    assert.deepEqual(kinds('AKIA' + randomText(BASE32, 17, 41)), []);
    assert.deepEqual(kinds('AKIA' + randomText(BASE32, 15, 42)), []);
    const example = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
    const exampleSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEKEY';
    assert.deepEqual(kinds(`aws_access_key_id=${example} aws_secret_access_key=${exampleSecret}`), []);
    assert.equal(findCredentials(example)[0]?.placeholder, true);
    // 40 characters of one case only is a word or a hash, not an AWS secret.
    assert.deepEqual(kinds(`aws_secret_access_key=${'abcdefghij'.repeat(4)}`), []);
    assert.deepEqual(kinds(`aws_secret_access_key=${randomText(HEX, 40, 43)}`), []);
  });

  it('finds GitHub tokens of every prefix', () => {
    for (const token of [tokens.githubClassic, tokens.githubOauth, tokens.githubServer, tokens.githubUser, tokens.githubRefresh, tokens.githubFineGrained]) {
      assert.deepEqual(matched(`git clone https://x-access-token:${token}@github.com/acme/app.git`), [token]);
    }
  });

  it('ignores GitHub-like text of the wrong length and stand-ins', () => {
    assert.deepEqual(kinds('gh' + 'p_' + randomText(ALNUM, 20, 44)), []);
    assert.deepEqual(kinds('gh' + 'x_' + randomText(ALNUM, 36, 45)), []);
    assert.deepEqual(kinds('gh' + 'p_' + 'x'.repeat(36)), []);
    assert.deepEqual(kinds('gh' + 'p_' + 'X'.repeat(36)), []);
    assert.deepEqual(kinds('gh' + 'p_' + '0'.repeat(36)), []);
    assert.deepEqual(kinds('gh' + 'p_' + '1234567890abcdefghijklmnopqrstuvwxyz'), []);
    assert.deepEqual(kinds('my_ghp_' + randomText(ALNUM, 36, 46)), []);
  });

  it('finds GitLab, Slack, Stripe, Google and npm tokens', () => {
    assert.deepEqual(kinds(`--header "PRIVATE-TOKEN: ${tokens.gitlab}"`), ['gitlab-token']);
    assert.deepEqual(kinds(`SLACK_BOT=${tokens.slackBot}`), ['slack-token']);
    assert.deepEqual(kinds(`SLACK_USER=${tokens.slackUser}`), ['slack-token']);
    assert.deepEqual(kinds(`STRIPE=${tokens.stripeSecret}`), ['stripe-key']);
    assert.deepEqual(kinds(`STRIPE=${tokens.stripeRestricted}`), ['stripe-key']);
    assert.deepEqual(kinds(`MAPS=${tokens.google}`), ['google-api-key']);
    assert.deepEqual(kinds(`echo "//registry.npmjs.org/:_authToken=${tokens.npm}" > .npmrc`), ['npm-token']);
  });

  it('ignores test keys and near misses of those formats', () => {
    assert.deepEqual(kinds('s' + 'k_test_' + randomText(ALNUM, 24, 47)), []);
    assert.deepEqual(kinds('p' + 'k_live_' + randomText(ALNUM, 24, 48)), []);
    assert.deepEqual(kinds('AI' + 'za' + randomText(ALNUM, 30, 49)), []);
    assert.deepEqual(kinds('npm_config_registry=https://registry.npmjs.org/'), []);
    assert.deepEqual(kinds('np' + 'm_' + randomText(ALNUM, 35, 50)), []);
    assert.deepEqual(kinds('gl' + 'pat-' + randomText(ALNUM, 12, 51)), []);
    assert.deepEqual(kinds('xo' + 'xb-not-a-token'), []);
    assert.deepEqual(kinds('s' + 'k_live_' + 'x'.repeat(24)), []);
  });

  it('finds PEM private key blocks, with or without the END line', () => {
    const block = `-----BEGIN RSA PRIVATE KEY-----\n${tokens.pemBody}\n-----END RSA PRIVATE KEY-----`;
    const text = `RUN cat > /root/key <<EOF\n${block}\nEOF`;
    const found = findCredentials(text);
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0]?.start, found[0]?.end), block);
    assert.deepEqual(kinds(`-----BEGIN OPENSSH PRIVATE KEY-----\n${tokens.pemBody}\n-----END OPENSSH PRIVATE KEY-----`), ['private-key']);
    assert.deepEqual(kinds(`-----BEGIN PRIVATE KEY-----\n${tokens.pemBody}\n-----END PRIVATE KEY-----`), ['private-key']);
    assert.deepEqual(kinds(`-----BEGIN EC PRIVATE KEY-----\\n${tokens.pemBody.replace(/\n/g, '\\n')}\\n-----END EC PRIVATE KEY-----`), ['private-key']);
    assert.deepEqual(kinds(`echo "-----BEGIN PRIVATE KEY-----\\n${randomText(BASE64, 64, 52)}" > key.pem`), ['private-key']);
  });

  it('ignores PEM headers without a key, and certificates', () => {
    assert.deepEqual(kinds('grep -q "BEGIN RSA PRIVATE KEY" key.pem'), []);
    assert.deepEqual(kinds('echo "-----BEGIN PRIVATE KEY-----" > key.pem && echo "$KEY" >> key.pem'), []);
    assert.deepEqual(kinds('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----'), []);
    assert.deepEqual(kinds("pem = '-----BEGIN RSA PRIVATE KEY-----\\n' + b64encode(der_serialisation) + '-----END RSA PRIVATE KEY-----'"), []);
    assert.deepEqual(kinds(`-----BEGIN CERTIFICATE-----\n${tokens.pemBody}\n-----END CERTIFICATE-----`), []);
    assert.deepEqual(kinds(`-----BEGIN PUBLIC KEY-----\n${tokens.pemBody}\n-----END PUBLIC KEY-----`), []);
  });

  it('finds JSON Web Tokens whose header names an algorithm', () => {
    assert.deepEqual(matched(`Authorization: Bearer ${tokens.jwt}`), [tokens.jwt]);
    const noAlg = [base64url(JSON.stringify({ typ: 'JWT' })), base64url(JSON.stringify({ sub: '1' })), randomText(BASE64URL, 43, 53)].join('.');
    assert.deepEqual(kinds(noAlg), []);
    const unsigned = [base64url(JSON.stringify({ alg: 'none' })), base64url(JSON.stringify({ sub: '1234567' })), ''].join('.');
    assert.deepEqual(kinds(unsigned), []);
    assert.deepEqual(kinds('eyJhbGciOi.not.a.token'), []);
  });

  it('finds Azure storage account keys but not the emulator key', () => {
    const connection = `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${tokens.azureKey};EndpointSuffix=core.windows.net`;
    assert.deepEqual(matched(connection), [tokens.azureKey]);
    const emulator = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${tokens.azureKey};BlobEndpoint=http://azurite:10000/devstoreaccount1;`;
    assert.deepEqual(kinds(emulator), []);
    assert.deepEqual(kinds('AccountKey=${AZURE_STORAGE_KEY}'), []);
  });

  it('finds passwords in URLs unless they are variables or placeholders', () => {
    assert.deepEqual(matched('git clone https://deploy:Zq8mW2vRt6yPx4nK@git.example.com/team/app.git'), ['Zq8mW2vRt6yPx4nK']);
    assert.deepEqual(matched('DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/app'), ['s3cr3t-Pa55']);
    assert.deepEqual(matched('REDIS_URL=redis://:hunter2@cache:6379/0'), ['hunter2']);
    assert.deepEqual(kinds('https://deploy:${GIT_PASSWORD}@git.example.com/x.git'), []);
    assert.deepEqual(kinds('https://$USER:$PASS@git.example.com/x.git'), []);
    assert.deepEqual(kinds('https://oauth2:$(cat /run/secrets/token)@gitlab.example.com/x.git'), []);
    assert.deepEqual(kinds('postgres://user:password@localhost/db'), []);
    // A well-known password is the one in use (reported as weak), but not for a database on the developer's machine.
    assert.deepEqual(kinds('amqp://guest:guest@rabbitmq:5672/'), ['url-weak-password']);
    assert.deepEqual(kinds('postgresql://admin:admin@db.prod.internal:5432/app'), ['url-weak-password']);
    assert.deepEqual(kinds('postgres://postgres:postgres@127.0.0.1:5432/test'), []);
    assert.deepEqual(kinds('https://user:<password>@example.com'), []);
    assert.deepEqual(kinds('https://user:****@example.com'), []);
    assert.deepEqual(kinds('https://example.com:8443/path@v1'), []);
    assert.deepEqual(kinds('ssh://git@github.com/acme/app.git'), []);
    assert.deepEqual(kinds('git@github.com:acme/app.git'), []);
    assert.deepEqual(kinds('http://[::1]:8080/'), []);
    assert.deepEqual(kinds('http://john.doe:p4ssw0rd@127.0.0.1:8080'), []);
    assert.deepEqual(kinds('f"http://{user}:{password}@proxy.internal:3128"'), []);
    assert.deepEqual(kinds('"http://%s:%s@proxy.internal" % (user, password)'), []);
    assert.deepEqual(kinds("new URL('https://abc:xyz@example.com')"), []);
  });

  it('reports a token inside a URL once, as the token', () => {
    const found = findCredentials(`https://x-access-token:${tokens.githubClassic}@github.com/acme/app.git`);
    assert.deepEqual(found.map((match) => match.kind), ['github-token']);
  });

  it('returns matches in order with offsets into the text', () => {
    const text = `A=${tokens.npm} B=${tokens.awsKeyId}`;
    const found = findCredentials(text);
    assert.deepEqual(found.map((match) => match.kind), ['npm-token', 'aws-access-key-id']);
    assert.equal(found[0]?.start, 2);
    assert.equal(text.slice(found[1]?.start, found[1]?.end), tokens.awsKeyId);
  });

  it('finds nothing in ordinary Dockerfile text', () => {
    const text = [
      'ENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D',
      'ENV PYTHON_SHA256 bfb249609990220491a1b92850a07135ed0831e41738cf681d63cf01b2a8fbd1',
      'RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
      'RUN echo "deb http://deb.debian.org/debian bookworm main" > /etc/apt/sources.list',
      'COPY --from=builder /app/dist /usr/share/nginx/html',
      'LABEL org.opencontainers.image.source=https://github.com/acme/app',
      'RUN pip install --index-url https://pypi.org/simple/ -r requirements.txt',
      'FROM node:20@sha256:' + randomText(HEX, 64, 54),
    ].join('\n');
    assert.deepEqual(findCredentials(text), []);
  });
});

describe('placeholders that echo their key, and weak passwords', () => {
  it('reads a value that repeats its key as a placeholder', () => {
    assert.equal(echoesKey('GOOGLE_API_KEY', 'GOOGLE_API_KEY_VAL'), true);
    assert.equal(echoesKey('GOOGLE_API_KEY', 'google_api_key_value'), true);
    assert.equal(echoesKey('openaiApiKey', 'OPENAI_API_KEY'), true);
    assert.equal(echoesKey('password', 'PASSWORD'), true);
    assert.equal(echoesKey('DB_PASSWORD', 'db_password'), false);
    assert.equal(echoesKey('DB_PASSWORD', 'Zq8mW2vRt6yPx4nK'), false);
    assert.equal(echoesKey('API_KEY', 'API_KEY_2024'), false);
  });

  it('knows the well-known default passwords, and nothing longer', () => {
    for (const value of ['password', 'admin', 'root', 'secret', 'changeme', '"postgres"', 'P@ssw0rd']) assert.equal(isWeakPassword(value), true, value);
    for (const value of ['hunter2', 'admin123!', 'Zq8mW2vRt6yPx4nK', '${PASSWORD}', '']) assert.equal(isWeakPassword(value), false, value);
  });
});
