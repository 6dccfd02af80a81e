// What the CLI reads around a linted file and hands to the rules: the entrypoint script of a Dockerfile's
// build context.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { onlyRules, runCli, writeProject } from './helpers';

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; severity: string; line: number; message: string }> }>;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-facts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(scratch, name), files);
}

function lint(cwd: string, rules: string[], ...paths: string[]): JsonReport['files'][number]['findings'] {
  const run = runCli(['lint', ...paths, '--format', 'json', '--fail-on', 'never', ...onlyRules(new Set(rules))], { cwd });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as JsonReport).files.flatMap((file) => file.findings);
}

// Modelled on docker-library mongo: the entrypoint re-executes the server as "mongodb" when started as root.
const MONGO_DOCKERFILE = `FROM ubuntu:jammy
RUN groupadd --gid 999 --system mongodb && useradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb
RUN apt-get update && apt-get install -y --no-install-recommends mongodb-org && rm -rf /var/lib/apt/lists/*
VOLUME /data/db /data/configdb
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 27017
CMD ["mongod"]
`;
const STEP_DOWN_SCRIPT = `#!/bin/bash
set -Eeuo pipefail
originalArgOne="$1"
# allow the container to be started with \`--user\`
if [[ "$originalArgOne" == mongo* ]] && [ "$(id -u)" = '0' ]; then
	find /data/configdb /data/db \\! -user mongodb -exec chown mongodb '{}' +
	exec setpriv --reuid=mongodb --regid=mongodb --init-groups "$BASH_SOURCE" "$@"
fi
exec "$@"
`;

describe('entrypoint script of the build context', () => {
  it('user-missing is info when the entrypoint script steps down from root', () => {
    const root = project('mongo', { Dockerfile: MONGO_DOCKERFILE, 'docker-entrypoint.sh': STEP_DOWN_SCRIPT });
    const [finding] = lint(root, ['user-missing'], 'Dockerfile');
    assert.equal(finding?.severity, 'info');
    assert.match(finding?.message ?? '', /entrypoint script docker-entrypoint\.sh steps down from root with setpriv/);
    assert.doesNotMatch(finding?.message ?? '', /Switch to a non-root user/);
  });

  it('user-missing stays a warning when the script does not step down, or is not there', () => {
    const plain = project('plain', { Dockerfile: MONGO_DOCKERFILE, 'docker-entrypoint.sh': '#!/bin/sh\n# run as given; use gosu in your own image if needed\nexec "$@"\n' });
    assert.equal(lint(plain, ['user-missing'], 'Dockerfile')[0]?.severity, 'warning');
    const missing = project('missing', { Dockerfile: MONGO_DOCKERFILE });
    assert.equal(lint(missing, ['user-missing'], 'Dockerfile')[0]?.severity, 'warning');
  });
});

// Modelled on GoogleContainerTools/skaffold's microservices example: Skaffold builds leeroy-web and
// leeroy-app and deploys them with the tag it built in place of the names written in the manifests.
const WEB_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: leeroy-web
spec:
  selector:
    matchLabels: {app: leeroy-web}
  template:
    metadata:
      labels: {app: leeroy-web}
    spec:
      containers:
        - name: leeroy-web
          image: leeroy-web
        - name: proxy
          image: nginx:latest
`;

describe('images a build tool rewrites', () => {
  const rules = ['image-tag-latest', 'image-digest'];

  it('names from skaffold.yaml are info, and say why; other images are judged as usual', () => {
    const root = project('skaffold', {
      'skaffold.yaml': 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: leeroy-web\n      context: leeroy-web\n    - image: leeroy-app\n      context: leeroy-app\nmanifests:\n  rawYaml:\n    - leeroy-web/kubernetes/*\n',
      'leeroy-web/kubernetes/deployment.yaml': WEB_DEPLOYMENT,
    });
    const findings = lint(root, rules, 'leeroy-web/kubernetes/deployment.yaml');
    const web = findings.filter((f) => f.line === 14);
    assert.deepEqual(web.map((f) => f.severity), ['info']);
    assert.match(web[0]?.message ?? '', /built by Skaffold \(\.\.\/\.\.\/skaffold\.yaml names it\)/);
    const proxy = findings.filter((f) => f.line === 16);
    assert.deepEqual(proxy.map((f) => [f.ruleId, f.severity]), [['image-tag-latest', 'warning']]);
  });

  it('names from a kustomization images: entry and a Tiltfile count too', () => {
    const kustomize = project('kustomize', {
      'kustomization.yaml': 'resources:\n  - deployment.yaml\nimages:\n  - name: leeroy-web\n    newName: gcr.io/acme/leeroy-web\n    newTag: v1.4.2\n',
      'deployment.yaml': WEB_DEPLOYMENT,
    });
    assert.deepEqual(lint(kustomize, rules, 'deployment.yaml').filter((f) => f.line === 14).map((f) => f.severity), ['info']);
    const tilt = project('tilt', {
      Tiltfile: "k8s_yaml('deployment.yaml')\ndocker_build('leeroy-web', './web', live_update=[sync('./web', '/app')])\n",
      'deployment.yaml': WEB_DEPLOYMENT,
    });
    assert.match(lint(tilt, rules, 'deployment.yaml').find((f) => f.line === 14)?.message ?? '', /built by Tilt \(Tiltfile names it\)/);
  });

  it('without a build tool the same name is a warning', () => {
    const plain = project('plain-manifest', { 'deployment.yaml': WEB_DEPLOYMENT });
    const web = lint(plain, rules, 'deployment.yaml').filter((f) => f.line === 14);
    assert.ok(web.some((f) => f.ruleId === 'image-tag-latest' && f.severity === 'warning'));
  });
});
