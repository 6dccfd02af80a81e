// Other tools' suppression comments and annotations, honoured through the peers in rule metadata.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { normalizePeerId, PeerRuleMap } from '../../server/src/engine/peer-ids';
import type { LintResult } from '../../server/src/engine/types';
import { rules } from '../../server/src/rules';

const config = configFromLayers([]);
const TODAY = '2026-06-01';
const lintDockerfile = (text: string): LintResult => lintSource({ path: 'Dockerfile', text }, config, { today: TODAY });
const lintManifest = (text: string): LintResult => lintSource({ path: 'deploy.yaml', text }, config, { today: TODAY });
const ids = (result: LintResult, ruleId: string) => ({
  reported: result.findings.filter((f) => f.ruleId === ruleId).length,
  suppressed: result.suppressed.filter((f) => f.ruleId === ruleId),
});

describe('peer id map', () => {
  const map = PeerRuleMap.for(rules);

  it('comes from the rules\' peers, with each tool\'s spellings', () => {
    assert.deepEqual(map.rulesFor('hadolint', 'DL3002'), ['user-root']);
    assert.deepEqual(map.rulesFor('hadolint', 'dl3007'), ['image-tag-latest']);
    for (const alias of ['DS002', 'DS-0002', 'AVD-DS-0002', 'ds002']) assert.deepEqual(map.rulesFor('trivy', alias).sort(), ['user-missing', 'user-root'], alias);
    assert.deepEqual(map.rulesFor('checkov', 'CKV_DOCKER_3'), ['user-missing']);
    assert.deepEqual(map.rulesFor('checkov', 'CKV_SECRET_6'), ['secret-hardcoded'], 'CKV_SECRET_* covers every secret check');
    assert.deepEqual(map.rulesFor('kube-linter', 'privileged-container'), ['privileged']);
    assert.deepEqual(map.rulesFor('polaris', 'runAsPrivileged'), ['privileged']);
    assert.deepEqual(map.rulesFor('buildkit', 'SecretsUsedInArgOrEnv'), ['secret-build-arg-env']);
    assert.deepEqual(map.rulesFor('hadolint', 'DL3059'), [], 'a check Shipshape has no counterpart for');
  });

  it('normalises Trivy ids the way Trivy matches them', () => {
    assert.equal(normalizePeerId('trivy', 'AVD-KSV-0001'), normalizePeerId('trivy', 'KSV001'));
    assert.notEqual(normalizePeerId('trivy', 'KSV-0010'), normalizePeerId('trivy', 'KSV-0001'));
  });
});

describe('other tools\' comments in Dockerfiles', () => {
  it('# hadolint ignore= covers the next instruction and keeps the reason', () => {
    const result = lintDockerfile(
      'FROM debian:latest AS tools\nRUN apt-get update\nFROM node:22-alpine\n# hadolint ignore=DL3002,DL3007 -- the entrypoint drops to node with su-exec\nUSER root\nCMD ["node", "server.js"]\n',
    );
    const root = ids(result, 'user-root');
    assert.equal(root.suppressed.length, 1, 'the USER root below the comment');
    assert.equal(root.suppressed[0]?.suppressedBy.tool, 'hadolint');
    assert.equal(root.suppressed[0]?.suppressedBy.directive, '# hadolint ignore=DL3002,DL3007 -- the entrypoint drops to node with su-exec');
    assert.equal(root.suppressed[0]?.justification, 'the entrypoint drops to node with su-exec');
    assert.equal(ids(result, 'image-tag-latest').reported, 1, 'debian:latest above is not covered');
    assert.equal(result.findings.filter((f) => f.ruleId === 'suppression-unused').length, 0, 'DL3007 matching nothing is hadolint\'s business');
  });

  it('# hadolint global ignore= covers the file; stage ignore= the rest of the stage', () => {
    const global = lintDockerfile('# hadolint global ignore=DL3007\nFROM node:latest AS build\nFROM nginx:latest\n');
    assert.equal(ids(global, 'image-tag-latest').suppressed.length, 2);
    const stage = lintDockerfile('FROM node:22 AS build\n# hadolint stage ignore=DL3004\nRUN sudo npm ci\nRUN sudo npm test\nFROM node:22\nRUN sudo true\n');
    assert.equal(ids(stage, 'sudo').suppressed.length, 2);
    assert.equal(ids(stage, 'sudo').reported, 1);
  });

  it('# check=skip= as a parser directive covers the file, above an instruction just that instruction', () => {
    const directive = lintDockerfile('# syntax=docker/dockerfile:1\n# check=skip=SecretsUsedInArgOrEnv;error=true\nFROM alpine:3.20\nARG NPM_TOKEN\nENV DB_PASSWORD=from-build\n');
    assert.equal(ids(directive, 'secret-build-arg-env').reported, 0);
    assert.equal(ids(directive, 'secret-build-arg-env').suppressed[0]?.suppressedBy.tool, 'buildkit');
    const above = lintDockerfile('FROM alpine:3.20\n# check=skip=SecretsUsedInArgOrEnv\nARG NPM_TOKEN\nARG GITHUB_TOKEN\n');
    assert.equal(ids(above, 'secret-build-arg-env').suppressed.length, 1);
    assert.equal(ids(above, 'secret-build-arg-env').reported, 1);
  });

  it('#trivy:ignore: takes any alias, several per line, and stops after :exp:', () => {
    const result = lintDockerfile('FROM node:22\n#trivy:ignore:AVD-DS-0002 #trivy:ignore:DS010\nUSER root\n');
    assert.equal(ids(result, 'user-root').suppressed[0]?.suppressedBy.tool, 'trivy');
    const expired = lintDockerfile('FROM node:22\n#trivy:ignore:DS002:exp:2026-01-31\nUSER root\n');
    assert.equal(ids(expired, 'user-root').reported, 1, 'expired on 2026-01-31');
    const current = lintDockerfile('FROM node:22\n#trivy:ignore:DS002:exp:2026-12-31\nUSER root\n');
    assert.equal(ids(current, 'user-root').reported, 0);
  });

  it('#checkov:skip= covers the whole file with its reason', () => {
    const result = lintDockerfile('#checkov:skip=CKV_DOCKER_3:runs as the image default user\nFROM node:22\nCMD ["node", "app.js"]\n');
    const missing = ids(result, 'user-missing');
    assert.equal(missing.reported, 0);
    assert.equal(missing.suppressed[0]?.justification, 'runs as the image default user');
    assert.equal(missing.suppressed[0]?.suppressedBy.tool, 'checkov');
  });
});

describe('other tools\' annotations and comments in manifests', () => {
  const deployment = (annotations: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  annotations:
${annotations}
spec:
  template:
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/agent:1.2.3
          securityContext:
            privileged: true
${extra}`;

  it('checkov.io/skipN with its reason', () => {
    const result = lintManifest(deployment('    checkov.io/skip1: CKV_K8S_16=the agent loads kernel modules'));
    const privileged = ids(result, 'privileged');
    assert.equal(privileged.reported, 0);
    assert.equal(privileged.suppressed[0]?.justification, 'the agent loads kernel modules');
    assert.equal(privileged.suppressed[0]?.suppressedBy.directive, 'checkov.io/skip1: CKV_K8S_16=the agent loads kernel modules');
  });

  it('ignore-check.kube-linter.io/<check> and kube-linter.io/ignore-all', () => {
    const one = lintManifest(deployment('    ignore-check.kube-linter.io/privileged-container: "needs the host devices"'));
    assert.equal(ids(one, 'privileged').suppressed[0]?.justification, 'needs the host devices');
    assert.ok(ids(one, 'readonly-root-filesystem').reported > 0, 'other checks still report');
    const all = lintManifest(deployment('    kube-linter.io/ignore-all: "vendored"'));
    assert.equal(ids(all, 'readonly-root-filesystem').reported, 0);
    assert.ok(ids(all, 'image-digest').reported > 0, 'rules with no kube-linter counterpart still report');
  });

  it('polaris.fairwinds.com/<check>-exempt only when "true"', () => {
    assert.equal(ids(lintManifest(deployment('    polaris.fairwinds.com/runAsPrivileged-exempt: "true"')), 'privileged').reported, 0);
    assert.equal(ids(lintManifest(deployment('    polaris.fairwinds.com/runAsPrivileged-exempt: "false"')), 'privileged').reported, 1);
    assert.equal(ids(lintManifest(deployment('    polaris.fairwinds.com/exempt: "true"')), 'host-ports').reported, 0);
  });

  it('#trivy:ignore: above a node covers that node', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        #trivy:ignore:KSV017
        privileged: true
`;
    const result = lintManifest(text);
    assert.equal(ids(result, 'privileged').reported, 0);
    assert.equal(ids(result, 'privileged').suppressed[0]?.suppressedBy.tool, 'trivy');
  });
});
