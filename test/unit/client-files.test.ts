// The client's file decisions (which files Lint Workspace reads, when the status bar shows) must agree with the
// engine's own detection, which the client cannot import.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAMES as ENGINE_CONFIG_FILE_NAMES } from '../../server/src/engine/config';
import { detectFileKind, isDockerfileName as engineIsDockerfileName } from '../../server/src/engine/detect';
import {
  baseName,
  CONFIG_FILE_NAMES,
  DOCKERFILE_GLOB,
  DOCKERIGNORE_GLOB,
  isDockerfileName,
  isHandledDocument,
  looksLikeManifest,
  MANIFEST_GLOB,
  workspaceLintKind,
} from '../../client/src/util/files';

const NAMES = [
  'Dockerfile',
  'dockerfile',
  'Containerfile',
  'api.Dockerfile',
  'api.dockerfile',
  'web.containerfile',
  'Dockerfile.prod',
  'Dockerfile.dev.arm64',
  'Containerfile.build',
  '.dockerignore',
  'Dockerfile.dockerignore',
  'Dockerfiles',
  'my-Dockerfile',
  'deploy.yaml',
  'compose.yaml',
  'docker-compose.prod.yml',
  '.shipshape.yaml',
  'README.md',
];

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: nginx\n';

describe('client file names', () => {
  it('recognises Dockerfiles exactly as the engine does', () => {
    for (const name of NAMES) assert.equal(isDockerfileName(name), engineIsDockerfileName(name), name);
  });

  it('uses the engine\'s configuration file names', () => {
    assert.deepEqual([...CONFIG_FILE_NAMES], [...ENGINE_CONFIG_FILE_NAMES]);
  });

  it('takes the last segment of POSIX paths, Windows paths and URI paths', () => {
    assert.equal(baseName('/repo/services/api/Dockerfile'), 'Dockerfile');
    assert.equal(baseName('C:\\repo\\k8s\\deploy.yaml'), 'deploy.yaml');
    assert.equal(baseName('/c:/repo/k8s/.shipshape.yaml'), '.shipshape.yaml');
    assert.equal(baseName('Dockerfile'), 'Dockerfile');
  });

  it('finds with its workspace globs every Dockerfile name the engine lints, and no .dockerignore', () => {
    const dockerfiles = picomatch(DOCKERFILE_GLOB, { dot: true });
    for (const name of NAMES) {
      if (engineIsDockerfileName(name)) assert.ok(dockerfiles(`src/${name}`) && dockerfiles(name), `${name} is not found by ${DOCKERFILE_GLOB}`);
      else if (!name.endsWith('.dockerignore')) assert.ok(!dockerfiles(`src/${name}`), `${name} is found by ${DOCKERFILE_GLOB}`);
    }
    const dockerignores = picomatch(DOCKERIGNORE_GLOB, { dot: true });
    assert.ok(dockerignores('app/.dockerignore'));
    assert.ok(dockerignores('app/Dockerfile.dockerignore'));
    assert.ok(!dockerignores('app/Dockerfile'));
    assert.ok(picomatch(MANIFEST_GLOB)('k8s/base/deploy.yml'));
  });
});

describe('workspace lint candidates', () => {
  it('sends Dockerfiles and Compose files, reads YAML, and skips config, .dockerignore and other files', () => {
    assert.equal(workspaceLintKind('/repo/Dockerfile'), 'dockerfile');
    assert.equal(workspaceLintKind('C:\\repo\\api.Dockerfile'), 'dockerfile');
    assert.equal(workspaceLintKind('/repo/Dockerfile.prod'), 'dockerfile');
    assert.equal(workspaceLintKind('/repo/k8s/deploy.yaml'), 'yaml');
    assert.equal(workspaceLintKind('/repo/k8s/DEPLOY.YML'), 'yaml');
    assert.equal(workspaceLintKind('/repo/.shipshape.yaml'), null);
    assert.equal(workspaceLintKind('/repo/compose.yaml'), 'compose');
    assert.equal(workspaceLintKind('/repo/docker-compose.override.yml'), 'compose');
    assert.equal(workspaceLintKind('/repo/Dockerfile.dockerignore'), null);
    assert.equal(workspaceLintKind('/repo/package.json'), null);
  });

  it('treats YAML as a manifest exactly when the engine would lint it', () => {
    const samples = [
      POD,
      '---\n"apiVersion": apps/v1\n"kind": Deployment\n',
      'apiVersion: v1\n',
      'kind: Pod\n',
      'name: app\nversion: 2\n',
      '# apiVersion: v1\n# kind: Pod\nfoo: bar\n',
      'items:\n  - apiVersion: v1\n    kind: Pod\n',
    ];
    for (const text of samples) {
      const engine = detectFileKind({ path: '/repo/x.yaml', text, languageId: 'yaml' }) === 'kubernetes';
      assert.equal(looksLikeManifest(text), engine, JSON.stringify(text));
    }
  });
});

describe('documents the status bar reports on', () => {
  it('includes Dockerfiles by language or by name, manifests and the config file', () => {
    assert.ok(isHandledDocument({ languageId: 'dockerfile', path: '/repo/build/prod', text: 'FROM x\n' }));
    assert.ok(isHandledDocument({ languageId: 'plaintext', path: '/repo/Dockerfile.prod', text: '' }));
    assert.ok(isHandledDocument({ languageId: 'yaml', path: '/repo/k8s/pod.yaml', text: POD }));
    assert.ok(isHandledDocument({ languageId: 'yaml', path: 'C:\\repo\\.shipshape.yaml', text: 'preset: strict\n' }));
  });

  it('includes Compose files, by name or by the dockercompose language id', () => {
    assert.ok(isHandledDocument({ languageId: 'yaml', path: '/repo/compose.yaml', text: 'services: {}\n' }));
    assert.ok(isHandledDocument({ languageId: 'dockercompose', path: '/repo/compose.yaml', text: 'services: {}\n' }));
    assert.ok(isHandledDocument({ languageId: 'dockercompose', path: '/repo/stack.yml', text: 'services: {}\n' }));
  });

  it('leaves out other YAML and other languages', () => {
    assert.ok(!isHandledDocument({ languageId: 'yaml', path: '/repo/.github/workflows/ci.yml', text: 'on: push\njobs: {}\n' }));
    assert.ok(!isHandledDocument({ languageId: 'json', path: '/repo/pod.json', text: '{"apiVersion": "v1", "kind": "Pod"}' }));
    assert.ok(!isHandledDocument({ languageId: 'ignore', path: '/repo/Dockerfile.dockerignore', text: '.git\n' }));
    assert.ok(!isHandledDocument({ languageId: 'typescript', path: '/repo/src/index.ts', text: 'apiVersion: 1\nkind: 2\n' }));
  });
});
