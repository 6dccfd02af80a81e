// checkImage: every check together, in report order, each behind a guard.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkImage, IMAGE_CHECKS } from '../../server/src/scan/checks';
import type { ImageConfig, ImageFile } from '../../server/src/scan/types';
import { tokens } from '../helpers/fake-credentials';
import { allText, checkInput, imageFile, resolvedImage } from '../helpers/image-check-input';

const CHECKS_FOLDER = join(import.meta.dirname, '..', '..', 'server', 'src', 'scan', 'checks');

function riskyInput() {
  return checkInput({
    image: resolvedImage(
      { Env: [`NPM_TOKEN=${tokens.npm}`, 'NODE_VERSION=16.20.2'], ExposedPorts: { '22/tcp': {} } },
      { history: [{ created_by: 'ADD file:x in /' }, { created_by: `RUN |1 GH_TOKEN=${tokens.githubClassic} /bin/sh -c make # buildkit` }] },
      2,
    ),
    files: [
      imageFile('root/.npmrc', `//registry.npmjs.org/:_authToken=${tokens.npm}\n`, { layerIndex: 1 }),
      imageFile('usr/local/bin/tool', null, { mode: 0o4755 }),
      imageFile('usr/bin/passwd', null, { mode: 0o4755 }),
      imageFile('app/data', null, { type: 'directory', mode: 0o777, layerIndex: 1 }),
      imageFile('etc/os-release', ''),
    ],
    inventory: { os: { id: 'debian', versionId: '10', path: 'etc/os-release' } },
  });
}

describe('checkImage', () => {
  it('runs every check and orders findings by severity, then id', () => {
    const findings = checkImage(riskyInput());
    assert.deepEqual(
      findings.map((finding) => `${finding.severity} ${finding.id}`),
      [
        'critical image-credential-file',
        'critical image-env-secret',
        'high image-history-secret',
        'high image-os-eol',
        'high image-runtime-eol',
        'high image-user-root',
        'medium image-setuid-file',
        'medium image-ssh-exposed',
        'medium image-world-writable',
        'low image-healthcheck-missing',
        'info image-setuid-file',
      ],
    );
    const text = allText(findings);
    assert.ok(!text.includes(tokens.npm));
    assert.ok(!text.includes(tokens.githubClassic));
  });

  it('reports nothing for a tidy image', () => {
    const input = checkInput({
      image: resolvedImage({ User: '10001', Env: ['PATH=/usr/bin', 'NODE_VERSION=22.11.0'], Healthcheck: { Test: ['CMD', '/healthcheck'] }, ExposedPorts: { '8080/tcp': {} } }),
      files: [imageFile('etc/passwd', 'root:x:0:0::/root:/bin/sh\n'), imageFile('app/server.js', 'console.log(1)'), imageFile('tmp', null, { type: 'directory', mode: 0o1777 })],
      inventory: { os: { id: 'debian', versionId: '12', path: 'etc/os-release' } },
    });
    assert.deepEqual(checkImage(input), []);
  });

  it('keeps the other checks\' findings when one throws, and tells the listener which', () => {
    const failures: string[] = [];
    const broken = imageFile('usr/bin/broken', null);
    Object.defineProperty(broken, 'mode', {
      get() {
        throw new Error('mode unreadable');
      },
    });
    const input = { ...riskyInput(), onCheckError: (id: string) => failures.push(id) };
    input.files.files.set(broken.path, broken);
    const findings = checkImage(input);
    assert.deepEqual(failures, ['image-setuid-file', 'image-world-writable']);
    assert.ok(!findings.some((finding) => finding.id === 'image-setuid-file' || finding.id === 'image-world-writable'));
    assert.equal(findings.filter((finding) => finding.id === 'image-credential-file').length, 1);
  });

  it('never throws, even when the listener does', () => {
    const broken = imageFile('usr/bin/broken', null) as ImageFile;
    Object.defineProperty(broken, 'mode', {
      get() {
        throw new Error('mode unreadable');
      },
    });
    const input = {
      ...riskyInput(),
      onCheckError: () => {
        throw new Error('listener failed');
      },
    };
    input.files.files.set(broken.path, broken);
    assert.doesNotThrow(() => checkImage(input));
  });

  it('reads a configuration whose fields have the wrong types as unset', () => {
    const config = {
      User: 42,
      Env: [null, 7, 'DB_PASSWORD=Sup3rS3cretValue!'],
      ExposedPorts: null,
      Healthcheck: { Test: null },
    } as unknown as ImageConfig['config'];
    const failures: string[] = [];
    const image = resolvedImage(config, { history: [null, { created_by: 5 }, 'text'] as unknown as ImageConfig['history'] }, 0);
    const findings = checkImage({ ...checkInput({ image }), onCheckError: (id) => failures.push(id) });
    assert.deepEqual(failures, []);
    assert.deepEqual(findings.map((finding) => finding.id), ['image-env-secret', 'image-user-root', 'image-healthcheck-missing']);
  });

  it('lists every check file, sorted by id, each under its own id', () => {
    const files = readdirSync(CHECKS_FOLDER).filter((name) => /^image-.*\.ts$/.test(name) && !['image-check.ts', 'image-config.ts', 'image-paths.ts'].includes(name));
    const ids = IMAGE_CHECKS.map((check) => check.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.deepEqual(ids, files.map((name) => name.replace(/\.ts$/, '')).sort());
  });
});
