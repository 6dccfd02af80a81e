// The Docker Engine source against a real HTTP server listening on a unix socket, as dockerd does.
import assert from 'node:assert/strict';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { readImageFiles } from '../../server/src/scan/layers';
import { dockerSocketPath, openDockerEngineImage } from '../../server/src/scan/sources';
import { scanRejection } from '../helpers/scan-errors';
import { buildImage, writeDockerArchive } from '../helpers/test-image';

const root = mkdtempSync(join(tmpdir(), 'shipshape-engine-'));
const socketPath = join(root, 'docker.sock');
const exportsDir = join(root, 'exports');
const scratch = join(root, 'tmp');
mkdirSync(exportsDir);

const image = buildImage({
  layers: [[{ path: 'etc/os-release', content: 'ID=alpine\n' }], [{ path: 'app/run.sh', content: '#!/bin/sh\n', mode: 0o755 }]],
  config: { config: { User: '1000' } },
});
const archives: Record<string, string> = {
  'app:1': join(exportsDir, 'app.tar'),
  'registry.example.com:5000/team/app:2': join(exportsDir, 'team-app.tar'),
};
writeDockerArchive([{ image, repoTags: ['app:1'] }], archives['app:1'] ?? '', 'legacy');
writeDockerArchive([{ image, repoTags: ['registry.example.com:5000/team/app:2'] }], archives['registry.example.com:5000/team/app:2'] ?? '', 'oci');

const requests: string[] = [];
let exportBehaviour: 'ok' | 'fail' | 'stall' = 'ok';
let server: Server;
let previousTmp: string | undefined;

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

before(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://docker');
    requests.push(`${request.method} ${url.pathname}`);
    const match = /^\/images\/(.+)\/(json|get)$/.exec(url.pathname);
    const name = match?.[1] ? decodeURIComponent(match[1]) : '';
    const archive = archives[name];
    if (!match || !archive) {
      json(response, 404, { message: `No such image: ${name}` });
      return;
    }
    if (match[2] === 'json') {
      json(response, 200, { Id: image.config.digest, RepoTags: [name], Os: 'linux', Architecture: 'amd64' });
      return;
    }
    if (exportBehaviour === 'fail') {
      json(response, 500, { message: 'write /var/lib/docker/tmp: no space left on device' });
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/x-tar' });
    if (exportBehaviour === 'stall') {
      response.write(Buffer.alloc(1024));
      return;
    }
    createReadStream(archive).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

// Temporary exports go to a folder of this test's own, so the test can see that they are removed.
beforeEach(() => {
  requests.length = 0;
  exportBehaviour = 'ok';
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});

afterEach(() => {
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
});

describe('Docker engine source', () => {
  it('inspects, exports to a temporary file, reads it, and dispose() removes it', async () => {
    const resolved = await openDockerEngineImage('app:1', { socketPath });
    assert.deepEqual(requests, ['GET /images/app%3A1/json', 'GET /images/app%3A1/get']);
    assert.equal(resolved.name, 'app:1');
    assert.equal(resolved.configDigest, image.config.digest);
    assert.equal(resolved.config.config?.User, '1000');
    assert.equal(readdirSync(scratch).length, 1, 'the export waits in the temporary folder');
    const files = await readImageFiles(resolved, () => true);
    assert.equal(files.files.get('etc/os-release')?.content?.toString(), 'ID=alpine\n');
    assert.equal(files.files.get('app/run.sh')?.mode, 0o755);
    await resolved.dispose();
    assert.deepEqual(readdirSync(scratch), []);
  });

  it('names with a registry and path reach the engine intact, and Docker 25 exports are read through index.json', async () => {
    const resolved = await openDockerEngineImage('registry.example.com:5000/team/app:2', { socketPath });
    assert.equal(requests[0], 'GET /images/registry.example.com%3A5000/team/app%3A2/json');
    assert.equal(resolved.manifestDigest, image.manifest.digest);
    await resolved.dispose();
  });

  it('an image the engine does not have fails clearly, without an export', async () => {
    const error = await scanRejection(openDockerEngineImage('ghost:9', { socketPath }));
    assert.equal(error.step, 'resolve');
    assert.equal(error.image, 'ghost:9');
    assert.equal(error.message, 'the local Docker engine has no image ghost:9. Pull it first (docker pull ghost:9), or scan it from its registry.');
    assert.deepEqual(requests, ['GET /images/ghost%3A9/json']);
  });

  it('a platform other than the local image’s fails before exporting', async () => {
    const error = await scanRejection(openDockerEngineImage('app:1', { socketPath, platform: { os: 'linux', architecture: 'arm64' } }));
    assert.equal(
      error.message,
      'the local image app:1 is linux/amd64, not linux/arm64. Pull that platform (docker pull --platform linux/arm64 app:1) or scan it from its registry.',
    );
    assert.deepEqual(requests, ['GET /images/app%3A1/json']);
  });

  it('a failed export reports the engine’s message and leaves no temporary file', async () => {
    exportBehaviour = 'fail';
    const error = await scanRejection(openDockerEngineImage('app:1', { socketPath }));
    assert.equal(error.message, 'the Docker engine could not export app:1 (HTTP 500): write /var/lib/docker/tmp: no space left on device');
    assert.deepEqual(readdirSync(scratch), []);
  });

  it('cancelling during the export stops it and leaves no temporary file', async () => {
    exportBehaviour = 'stall';
    const controller = new AbortController();
    const pending = openDockerEngineImage('app:1', { socketPath, signal: controller.signal });
    while (!requests.includes('GET /images/app%3A1/get')) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(pending, { name: 'AbortError' });
    assert.deepEqual(readdirSync(scratch), []);
  });

  it('no engine at the socket', async () => {
    const missing = join(root, 'nobody-home.sock');
    const error = await scanRejection(openDockerEngineImage('app:1', { socketPath: missing }));
    assert.equal(error.step, 'resolve');
    assert.equal(
      error.message,
      `the Docker engine socket ${missing} does not answer: is Docker running? Start it, or scan the image from its registry or a docker save tarball.`,
    );
  });
});

describe('Docker engine socket', () => {
  const none = () => false;
  it('follows DOCKER_HOST for unix sockets and named pipes', () => {
    assert.equal(dockerSocketPath({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'linux', none), '/run/user/1000/docker.sock');
    assert.equal(dockerSocketPath({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, 'win32', none), '\\\\.\\pipe\\docker_engine');
  });

  it('refuses a DOCKER_HOST over the network', () => {
    assert.deepEqual(dockerSocketPath({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, 'linux', none), {
      error: 'DOCKER_HOST is tcp://10.0.0.5:2376; Shipshape reads local images only through a unix socket or Windows named pipe. Unset DOCKER_HOST, or scan the image from its registry.',
    });
  });

  it('defaults to the Windows pipe, or the first socket that exists', () => {
    assert.equal(dockerSocketPath({}, 'win32', none), '\\\\.\\pipe\\docker_engine');
    assert.equal(dockerSocketPath({}, 'linux', none), '/var/run/docker.sock');
    assert.equal(dockerSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux', (path) => path === '/run/user/1000/docker.sock'), '/run/user/1000/docker.sock');
    assert.equal(dockerSocketPath({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux', () => true), '/var/run/docker.sock');
  });

  it('a DOCKER_HOST over TCP stops openDockerEngineImage with that message', async () => {
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'ssh://build@host';
    try {
      const error = await scanRejection(openDockerEngineImage('app:1'));
      assert.match(error.message, /^DOCKER_HOST is ssh:\/\/build@host; Shipshape reads local images only/);
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
  });
});
