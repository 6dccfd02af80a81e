// `shipshape lint --online` as a user runs it: the built CLI against a registry on 127.0.0.1 whose tag was
// re-pushed after the Dockerfile pinned it, and which lists newer releases (over several tag-list pages).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { closedPortUrl } from '../helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { buildImage, type TestImage } from '../helpers/test-image';
import { runCliAsync } from './helpers';

interface JsonFinding {
  ruleId: string;
  message: string;
  line: number;
  fixes: Array<{ title: string; safety: string }>;
}

const image = (marker: string): TestImage => buildImage({ layers: [[{ path: 'etc/build', content: marker }]] });

describe('cli: shipshape lint --online (image-outdated)', () => {
  let oldBuild: TestImage;
  let newBuild: TestImage;
  let registry: TestRegistry;
  let work: string;
  let dockerfile: string;
  let env: Record<string, string>;
  let pinned: string;

  before(async () => {
    oldBuild = image('first build of 1.4');
    newBuild = image('rebuild of 1.4 with security fixes');
    const other = image('1.5');
    registry = await startRegistryServer({
      repositories: {
        // 1.4 was re-pushed: the old build is still stored, but the tag names the new one.
        'team/base': {
          blobs: [...oldBuild.blobs, ...newBuild.blobs, ...other.blobs],
          tags: { '1.4': newBuild.manifest, '1.5': other.manifest, '1.5.1': other.manifest, '1.6-rc1': other.manifest, '1.5-debug': other.manifest, '2.0': other.manifest },
        },
      },
      tagPageSize: 2,
    });
    work = mkdtempSync(path.join(tmpdir(), 'shipshape-lint-online-'));
    dockerfile = path.join(work, 'Dockerfile');
    env = { HOME: work, DOCKER_CONFIG: path.join(work, 'docker') };
    pinned = `${registry.host}/team/base:1.4@${oldBuild.manifest.digest}`;
  });
  beforeEach(() => writeFileSync(dockerfile, `FROM ${pinned}\nUSER 10001\nCMD ["serve"]\n`));
  after(async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const outdated = (stdout: string): JsonFinding[] =>
    (JSON.parse(stdout) as { files: Array<{ findings: JsonFinding[] }> }).files.flatMap((file) => file.findings).filter((finding) => finding.ruleId === 'image-outdated');

  it('reports the re-pushed tag and the newer releases in the line, paging through the tag list', async () => {
    const run = await runCliAsync(['lint', '--online', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    const findings = outdated(run.stdout);
    assert.equal(findings.length, 2, JSON.stringify(findings, null, 2));
    const [stale, newer] = findings;
    assert.match(stale!.message, new RegExp(`rebuilt "${registry.host.replace(/\./g, '\\.')}/team/base:1\\.4": the tag now points at ${newBuild.manifest.digest.slice(0, 19)}`));
    assert.deepEqual(stale!.fixes, [{ title: `Update the digest to ${newBuild.manifest.digest.slice(0, 19)}`, safety: 'safe' }]);
    assert.match(newer!.message, /1\.5 \(same major version\) and 2\.0 \(a newer major version\)/, 'same precision, no pre-release, no other variant');
    assert.deepEqual(newer!.fixes.map((fix) => [fix.title, fix.safety]), [
      ['Use tag 1.5 (drops the digest: pin it again after testing)', 'unsafe'],
      ['Use tag 2.0 (drops the digest: pin it again after testing)', 'unsafe'],
    ]);
    const tagPages = registry.requests.filter((request) => request.url.includes('/tags/list'));
    assert.ok(tagPages.length >= 3, `the list was read page by page (${tagPages.length} pages)`);
  });

  it('--fix moves the pin to the tag\'s current build (the safe fix) and leaves the tag for a person to change', async () => {
    const run = await runCliAsync(['lint', '--online', '--fix', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(dockerfile, 'utf8'), `FROM ${registry.host}/team/base:1.4@${newBuild.manifest.digest}\nUSER 10001\nCMD ["serve"]\n`);
    const after = await runCliAsync(['lint', '--online', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.deepEqual(outdated(after.stdout).map((finding) => finding.message.startsWith('A newer release')), [true], 'only the newer-release finding remains');
  });

  it('without --online asks no registry and reports nothing about staleness', async () => {
    const before = registry.requests.length;
    const run = await runCliAsync(['lint', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(outdated(run.stdout), []);
    assert.equal(registry.requests.length, before);
  });

  it('says which registry could not be asked, and still lints', async () => {
    const down = new URL(await closedPortUrl()).host;
    writeFileSync(dockerfile, `FROM ${down}/team/base:1.4@${oldBuild.manifest.digest}\nUSER 10001\n`);
    const run = await runCliAsync(['lint', '--online', '--format', 'json', 'Dockerfile'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`warning: image-outdated could not list the tags of ${down.replace(/\./g, '\\.')}/team/base`));
    assert.deepEqual(outdated(run.stdout), []);
    assert.equal(JSON.parse(run.stdout).summary.files, 1, 'the file was still linted');
  });

  it('refuses --online with --stdin', async () => {
    const run = await runCliAsync(['lint', '--online', '--stdin'], { cwd: work, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--online .* does not combine with --stdin/);
  });
});
