// secret-hardcoded on every credential format, in the instructions that carry values. The fixtures cover the
// Dockerfile shapes with URL passwords and JWTs; token formats are built here at run time (see
// test/helpers/fake-credentials.ts) so no token-shaped string is committed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { tokens } from '../helpers/fake-credentials';

const config = configFromLayers([]);
const only = new Set(['secret-hardcoded']);

function flagged(text: string): Array<{ text: string; message: string }> {
  const result = lintSource({ path: 'Dockerfile', text }, config, { onlyRules: only });
  assert.deepEqual(result.ruleFailures, []);
  return result.findings.map((finding) => ({ text: text.slice(finding.range.start, finding.range.end), message: finding.message }));
}

describe('secret-hardcoded credential formats', () => {
  const cases: Array<[string, string, string]> = [
    ['an AWS access key ID', `FROM alpine:3.20\nENV AWS_ACCESS_KEY_ID=${tokens.awsKeyId}`, tokens.awsKeyId],
    ['an AWS secret access key', `FROM alpine:3.20\nRUN aws configure set aws_secret_access_key ${tokens.awsSecret}`, tokens.awsSecret],
    ['a GitHub token', `FROM alpine:3.20\nARG GH_TOKEN=${tokens.githubClassic}`, tokens.githubClassic],
    ['a GitHub token', `FROM alpine:3.20\nRUN git clone https://x-access-token:${tokens.githubFineGrained}@github.com/acme/app.git`, tokens.githubFineGrained],
    ['a GitLab personal access token', `FROM alpine:3.20\nRUN curl -H "PRIVATE-TOKEN: ${tokens.gitlab}" https://gitlab.example.com/api/v4/projects`, tokens.gitlab],
    ['a Slack token', `FROM alpine:3.20\nENV SLACK_BOT_TOKEN=${tokens.slackBot}`, tokens.slackBot],
    ['a Stripe live secret key', `FROM node:22-alpine\nENV STRIPE_KEY="${tokens.stripeSecret}"`, tokens.stripeSecret],
    ['a Google API key', `FROM node:22-alpine\nLABEL maps.key=${tokens.google}`, tokens.google],
    ['an npm access token', `FROM node:22-alpine\nRUN echo "//registry.npmjs.org/:_authToken=${tokens.npm}" > ~/.npmrc && npm ci`, tokens.npm],
    ['an Azure storage account key', `FROM mcr.microsoft.com/dotnet/aspnet:8.0\nENV ConnectionStrings__Blob="DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${tokens.azureKey};EndpointSuffix=core.windows.net"`, tokens.azureKey],
  ];
  for (const [kind, text, credential] of cases) {
    it(`reports ${kind}`, () => {
      const findings = flagged(text);
      assert.deepEqual(findings.map((finding) => finding.text), [credential]);
      assert.ok(findings[0]?.message.includes(kind), findings[0]?.message);
      assert.match(findings[0]?.message ?? '', /rotate/);
    });
  }

  it('reports a private key written by a heredoc, as the whole block', () => {
    const block = `-----BEGIN OPENSSH PRIVATE KEY-----\n${tokens.pemBody}\n-----END OPENSSH PRIVATE KEY-----`;
    const text = `FROM alpine:3.20\nRUN mkdir -p /root/.ssh && cat > /root/.ssh/id_ed25519 <<'KEY'\n${block}\nKEY\nRUN git clone git@github.com:acme/app.git`;
    assert.deepEqual(flagged(text).map((finding) => finding.text), [block]);
  });

  it('reports a token in an ONBUILD trigger once', () => {
    const text = `FROM node:22-alpine\nONBUILD RUN npm config set //registry.npmjs.org/:_authToken ${tokens.npm}`;
    const findings = flagged(text);
    assert.deepEqual(findings.map((finding) => finding.text), [tokens.npm]);
    assert.match(findings[0]?.message ?? '', /^This ONBUILD RUN contains an npm access token/);
  });

  it('names the variable a credential is assigned to', () => {
    const [finding] = flagged(`FROM alpine:3.20\nENV A=1 GITHUB_TOKEN=${tokens.githubClassic}`);
    assert.match(finding?.message ?? '', /^ENV "GITHUB_TOKEN" contains a GitHub token; it is stored in the image configuration/);
  });
});
