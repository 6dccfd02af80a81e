// The project's own Dockerfile (the CLI as a container image) passes Shipshape's strict preset with nothing
// suppressed. Docker cannot run here, so the image itself is not built by the tests; this checks what the
// linter and a reader can check: multi-stage, every base pinned by digest, a distroless final stage, a numeric
// non-root user, and the package installed from the packed tarball.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runCli } from './helpers';

const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

describe('the project Dockerfile', () => {
  it('lints clean under the strict preset, with no suppressions', () => {
    const run = runCli(['lint', 'Dockerfile', '--preset', 'strict', '--fail-on', 'info', '--format', 'json'], { cwd: ROOT });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; findings: unknown[]; suppressed: number }> };
    assert.deepEqual(report.files.map((file) => [file.path, file.findings.length, file.suppressed]), [['Dockerfile', 0, 0]]);
    assert.doesNotMatch(text, /shipshape-ignore/);
  });

  it('is multi-stage, pinned by digest, distroless and non-root', () => {
    const bases = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1] ?? '');
    assert.ok(bases.length >= 2, 'one stage only');
    for (const base of bases) assert.match(base, /@sha256:[0-9a-f]{64}$/, `${base} is not pinned by digest`);
    assert.match(bases[bases.length - 1] ?? '', /^gcr\.io\/distroless\//);
    const finalStage = text.slice(text.lastIndexOf('\nFROM '));
    assert.match(finalStage, /^USER [1-9]\d*(:[1-9]\d*)?$/m);
    assert.match(text, /npm run pack:npm/);
  });
});
