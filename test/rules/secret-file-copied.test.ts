// The .dockerignore that secret-file-copied's fix creates: what it excludes, that it re-includes files the
// Dockerfile copies by name, its line breaks, and that the rule is satisfied once it exists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { isExcluded, parseDockerignore } from '../../server/src/engine/languages/dockerfile/dockerignore';
import type { FileCreation, SourceFile } from '../../server/src/engine/types';

const config = configFromLayers([]);
const only = new Set(['secret-file-copied']);

function createdDockerignore(text: string): FileCreation {
  const file: SourceFile = { path: 'Dockerfile', text, buildContext: { dockerignore: null } };
  const [finding] = lintSource(file, config, { onlyRules: only }).findings.filter((f) => f.fixes.length > 0);
  const creation = finding?.fixes[0]?.createFiles?.[0];
  assert.ok(creation, 'the COPY . finding offers a fix that creates a file');
  assert.equal(finding?.fixes[0]?.safety, 'unsafe');
  return creation;
}

describe('secret-file-copied .dockerignore fix', () => {
  const dockerfile = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY certs/client.key /etc/app/\nCOPY ["deploy/.env.defaults", "/app/"]\nCOPY . .\n';

  it('creates .dockerignore beside the Dockerfile that leaves out VCS data and credentials', () => {
    const creation = createdDockerignore(dockerfile);
    assert.equal(creation.relativePath, '.dockerignore');
    const patterns = parseDockerignore(creation.text);
    for (const path of ['.git', '.git/config', '.env', 'api/.env.production', 'id_rsa', 'keys/id_ed25519', 'tls/server.key', '.npmrc', '.aws/credentials', '.ssh/id_rsa', '.docker/config.json', 'kubeconfig', '.kube/config', 'store.p12']) {
      assert.equal(isExcluded(patterns, path), true, `${path} is excluded`);
    }
    for (const path of ['src/app.py', 'requirements.txt', '.env.example', 'web/.env.sample', 'certs/ca.pem', 'Dockerfile']) {
      assert.equal(isExcluded(patterns, path), false, `${path} stays in`);
    }
  });

  it('re-includes files the Dockerfile copies by name, so the build keeps working', () => {
    const patterns = parseDockerignore(createdDockerignore(dockerfile).text);
    assert.equal(isExcluded(patterns, 'certs/client.key'), false);
    assert.equal(isExcluded(patterns, 'deploy/.env.defaults'), false);
    assert.equal(isExcluded(patterns, 'certs/other.key'), true);
  });

  it('uses the line breaks of the Dockerfile', () => {
    const text = createdDockerignore(dockerfile.replace(/\n/g, '\r\n')).text;
    assert.ok(text.includes('\r\n'));
    assert.ok(!/[^\r]\n/.test(text));
  });

  it('satisfies the rule once the file exists', () => {
    const creation = createdDockerignore(dockerfile);
    const file: SourceFile = { path: 'Dockerfile', text: 'FROM python:3.12-slim\nCOPY . .\n', buildContext: { dockerignore: creation.text } };
    assert.deepEqual(lintSource(file, config, { onlyRules: only }).findings, []);
  });
});

describe('secret-file-copied follows what later stages take from a builder stage', () => {
  const severities = (text: string): string[] =>
    lintSource({ path: 'Dockerfile', text, buildContext: { dockerignore: null } }, config, { onlyRules: only }).findings.map((f) => `${f.severity} ${text.slice(f.range.start, f.range.end)}`);

  it('a context copied into a builder whose binary alone is copied out is in the build cache only (info)', () => {
    const text = 'FROM golang:1.24 AS builder\nWORKDIR /app\nCOPY . .\nCOPY .npmrc ./\nRUN go build -o /bin/app\n\nFROM gcr.io/distroless/static\nCOPY --from=builder /bin/app /app\n';
    assert.deepEqual(severities(text), ['info .', 'info .npmrc']);
    const [finding] = lintSource({ path: 'Dockerfile', text, buildContext: { dockerignore: null } }, config, { onlyRules: only }).findings;
    assert.match(finding?.message ?? '', /build cache only/);
    assert.match(finding?.message ?? '', /stage "builder"/);
  });

  it('copying the folder that holds the context, or a parent of it, ships it', () => {
    for (const from of ['/app', '/', '/app/']) {
      const text = `FROM node:22 AS build\nWORKDIR /app\nCOPY . .\n\nFROM node:22-slim\nCOPY --from=build ${from} /srv/\n`;
      assert.deepEqual(severities(text), ['warning .'], from);
    }
  });

  it('follows the stage index, chains of stages and stages built on the builder', () => {
    const byIndex = 'FROM node:22\nWORKDIR /app\nCOPY . .\n\nFROM node:22-slim\nCOPY --from=0 /app /app\n';
    assert.deepEqual(severities(byIndex), ['warning .']);
    const chain = 'FROM node:22 AS deps\nWORKDIR /app\nCOPY . .\n\nFROM node:22 AS build\nCOPY --from=deps /app /work\n\nFROM node:22-slim\nCOPY --from=build /work/dist /srv\n';
    assert.deepEqual(severities(chain), ['info .']);
    const chainShipped = chain.replace('/work/dist /srv', '/work /srv');
    assert.deepEqual(severities(chainShipped), ['warning .']);
    const derived = 'FROM node:22 AS base\nWORKDIR /app\nCOPY . .\n\nFROM base AS runtime\nCMD ["node", "."]\n';
    assert.deepEqual(severities(derived), ['warning .']);
  });

  it('counts what it cannot follow as shipped: a wildcard or a variable in what is copied out', () => {
    const wildcard = 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\n\nFROM node:22-slim\nCOPY --from=build /app/* /srv/\n';
    assert.deepEqual(severities(wildcard), ['warning .']);
    const variable = 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\n\nFROM node:22-slim\nARG FROM_STAGE\nCOPY --from=${FROM_STAGE} /app/dist /srv/\n';
    assert.deepEqual(severities(variable), ['warning .']);
    const workdir = 'FROM node:22 AS build\nARG DIR\nWORKDIR $DIR\nCOPY . .\n\nFROM node:22-slim\nCOPY --from=build /app/dist /srv/\n';
    assert.deepEqual(severities(workdir), ['warning .']);
  });
});
