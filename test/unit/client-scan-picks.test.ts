// What Scan Image offers: the image on the cursor's line, the pick list of the workspace's images, the
// other sources, typed references and command arguments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FoundImage } from '../../server/src/protocol';
import { checkTypedReference, imageOnLine, imagePicks, OTHER_SOURCES, targetFromArgument, targetTitle } from '../../client/src/util/scan-picks';

const DOCKERFILE = 'file:///work/app/Dockerfile';
const MANIFEST = 'file:///work/app/k8s/web.yaml';
const found: FoundImage[] = [
  { image: 'node:22-alpine', uri: DOCKERFILE, line: 0 },
  { image: 'gcr.io/distroless/nodejs22', uri: DOCKERFILE, line: 5 },
  { image: 'busybox:1.36', uri: DOCKERFILE, line: 5 },
  { image: 'nginx:1.27', uri: MANIFEST, line: 12 },
  { image: 'node:22-alpine', uri: MANIFEST, line: 30 },
  { image: 'nginx:1.27', uri: DOCKERFILE, line: 9 },
  { image: 'node:22-alpine', uri: 'file:///work/app/worker/Dockerfile', line: 0 },
];
const relative = (uri: string) => uri.replace('file:///work/app/', '');

describe('Scan Image: the image under the cursor', () => {
  it('takes the image named on the cursor line of that document, the first when there are several', () => {
    assert.equal(imageOnLine(found, DOCKERFILE, 0), 'node:22-alpine');
    assert.equal(imageOnLine(found, DOCKERFILE, 5), 'gcr.io/distroless/nodejs22');
    assert.equal(imageOnLine(found, MANIFEST, 12), 'nginx:1.27');
  });

  it('finds nothing on a line without an image, or in another document', () => {
    assert.equal(imageOnLine(found, DOCKERFILE, 1), undefined);
    assert.equal(imageOnLine(found, 'file:///work/other/Dockerfile', 0), undefined);
    assert.equal(imageOnLine([], DOCKERFILE, 0), undefined);
  });
});

describe('Scan Image: the pick list', () => {
  it('lists each image once, most used first, then by name, saying where it is used (1-based lines)', () => {
    assert.deepEqual(imagePicks(found, relative), [
      { kind: 'image', label: 'node:22-alpine', description: 'Dockerfile:1 and 2 more places', image: 'node:22-alpine' },
      { kind: 'image', label: 'nginx:1.27', description: 'k8s/web.yaml:13 and 1 more place', image: 'nginx:1.27' },
      { kind: 'image', label: 'busybox:1.36', description: 'Dockerfile:6', image: 'busybox:1.36' },
      { kind: 'image', label: 'gcr.io/distroless/nodejs22', description: 'Dockerfile:6', image: 'gcr.io/distroless/nodejs22' },
    ]);
  });

  it('caps the list', () => {
    const many: FoundImage[] = Array.from({ length: 150 }, (_, index) => ({ image: `app${String(index).padStart(3, '0')}:1`, uri: DOCKERFILE, line: index }));
    const picks = imagePicks(many, relative);
    assert.equal(picks.length, 100);
    assert.equal(picks[0]?.label, 'app000:1');
    assert.equal(imagePicks(many, relative, 3).length, 3);
    assert.deepEqual(imagePicks([], relative), []);
  });

  it('offers typing a reference, the local Docker Engine, a docker save tarball and an OCI layout folder', () => {
    assert.deepEqual(OTHER_SOURCES.map((pick) => [pick.kind, pick.label]), [
      ['enter', 'Enter an image reference…'],
      ['docker-engine', 'Scan an image of the local Docker Engine…'],
      ['docker-archive', 'Scan a docker save tarball…'],
      ['oci-layout', 'Scan an OCI layout folder…'],
    ]);
  });
});

describe('Scan Image: typed references and arguments', () => {
  it('accepts what could be an image reference', () => {
    for (const text of ['nginx', 'nginx:1.27', ' ghcr.io/org/app:2.1 ', 'localhost:5000/team/api@sha256:abc', '[::1]:5000/app:1']) {
      assert.equal(checkTypedReference(text), undefined, text);
    }
  });

  it('says what is wrong with text that cannot be one', () => {
    assert.match(checkTypedReference('   ') ?? '', /^Type an image reference/);
    assert.equal(checkTypedReference('nginx 1.27'), 'An image reference has no spaces.');
    assert.match(checkTypedReference('nginx;rm -rf') ?? '', /no spaces|Use only letters/);
    assert.match(checkTypedReference('-nginx') ?? '', /^Use only letters/);
    assert.match(checkTypedReference('a'.repeat(600)) ?? '', /at most/);
  });

  it('turns a code lens argument or a target object into a scan target', () => {
    assert.deepEqual(targetFromArgument('nginx:1.27'), { kind: 'registry', image: 'nginx:1.27' });
    assert.deepEqual(targetFromArgument({ kind: 'oci-layout', path: '/tmp/layout' }), { kind: 'oci-layout', path: '/tmp/layout' });
    assert.deepEqual(targetFromArgument({ kind: 'docker-engine', image: ' app:dev ' }), { kind: 'docker-engine', image: 'app:dev' });
    for (const argument of [undefined, '', '  ', 42, { kind: 'registry' }, { kind: 'http', image: 'x' }, null]) {
      assert.equal(targetFromArgument(argument), undefined, JSON.stringify(argument));
    }
  });

  it('titles targets by image, or by the file or folder name on any platform', () => {
    assert.equal(targetTitle({ kind: 'registry', image: 'nginx:1.27' }), 'nginx:1.27');
    assert.equal(targetTitle({ kind: 'docker-archive', path: '/home/me/images/app.tar' }), 'app.tar');
    assert.equal(targetTitle({ kind: 'oci-layout', path: 'C:\\Users\\me\\layout\\' }), 'layout');
  });
});
