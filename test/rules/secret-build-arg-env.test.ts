// What the fixture harness does not check for secret-build-arg-env: severities, and fixes on CRLF files and
// on several secrets in one ARG.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';

const config = configFromLayers([]);
const only = new Set(['secret-build-arg-env']);

function severities(text: string): Array<[string, string]> {
  const result = lintSource({ path: 'Dockerfile', text }, config, { onlyRules: only });
  assert.deepEqual(result.ruleFailures, []);
  return result.findings.map((finding) => [text.slice(finding.range.start, finding.range.end), finding.severity]);
}

describe('secret-build-arg-env', () => {
  it('lowers placeholders to info and keeps real values and copied build arguments at warning', () => {
    const text = [
      'FROM alpine:3.20',
      'ARG NPM_TOKEN',
      'ARG GITHUB_TOKEN=""',
      'ARG DB_PASSWORD=<db-password>',
      'ARG ADMIN_PASSWORD=changeme',
      'ARG API_KEY=k-81bc81b9d3',
      'ENV SESSION_SECRET=<set-at-runtime>',
      'ENV CLIENT_SECRET=$CLIENT_SECRET',
      'ENV NPM_TOKEN=${NPM_TOKEN}',
      'ENV REDIS_PASSWORD=Kp9s2xQ7',
    ].join('\n');
    assert.deepEqual(severities(text), [
      ['NPM_TOKEN', 'warning'],
      ['GITHUB_TOKEN', 'info'],
      ['DB_PASSWORD', 'info'],
      // A well-known password left as the default is the password the build uses, not a placeholder.
      ['ADMIN_PASSWORD', 'warning'],
      ['API_KEY', 'warning'],
      ['SESSION_SECRET', 'info'],
      ['CLIENT_SECRET', 'info'],
      ['NPM_TOKEN', 'warning'],
      ['REDIS_PASSWORD', 'warning'],
    ]);
  });

  it('keeps CRLF line breaks when it removes the ARG line', () => {
    const text = 'FROM node:22-alpine\r\nARG NPM_TOKEN\r\nRUN npm ci\r\n';
    const run = fixSource({ path: 'Dockerfile', text }, config, { onlyRules: only, safety: 'all' });
    assert.equal(run.text, 'FROM node:22-alpine\r\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\r\n');
  });

  it('fixes several secrets declared by one ARG, one per pass', () => {
    const text = 'FROM node:22-alpine\nARG NPM_TOKEN GITHUB_TOKEN\nRUN npm ci && gh release download -R acme/tools\n';
    const run = fixSource({ path: 'Dockerfile', text }, config, { onlyRules: only, safety: 'all' });
    assert.equal(
      run.text,
      'FROM node:22-alpine\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci && gh release download -R acme/tools\n',
    );
    assert.deepEqual(lintSource({ path: 'Dockerfile', text: run.text }, config, { onlyRules: only }).findings, []);
  });

  it('offers no fix for a global ARG, an ONBUILD ARG, or an ARG that another instruction expands', () => {
    const text = [
      'ARG REGISTRY_TOKEN',
      'FROM alpine:3.20',
      'ONBUILD ARG NPM_TOKEN',
      'ARG GIT_TOKEN',
      'WORKDIR /src/$GIT_TOKEN',
      'RUN git clone https://x:$GIT_TOKEN@git.example.com/app.git',
    ].join('\n');
    const result = lintSource({ path: 'Dockerfile', text }, config, { onlyRules: only });
    assert.equal(result.findings.length, 3);
    assert.deepEqual(result.findings.map((finding) => finding.fixes.length), [0, 0, 0]);
  });

  it('does not mount into a RUN that already mounts the secret', () => {
    const text = 'FROM alpine:3.20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n';
    const run = fixSource({ path: 'Dockerfile', text }, config, { onlyRules: only, safety: 'all' });
    assert.equal(run.text, 'FROM alpine:3.20\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci\n');
  });
});
